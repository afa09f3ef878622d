package dev.conduit.config.archival;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code namespaceDefaults} section: the archival state and URI a new namespace gets when its
 * registration does not say. The URI's scheme picks the provider ({@code file} for filestore).
 */
public record NamespaceDefaultsConfig(Archival history, Archival visibility) {

  public NamespaceDefaultsConfig {
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(visibility, "visibility");
  }

  public static NamespaceDefaultsConfig disabled() {
    return new NamespaceDefaultsConfig(Archival.disabled(), Archival.disabled());
  }

  /** {@code namespaceDefaults.archival.history} or {@code .visibility}. */
  public record Archival(ArchivalState state, Optional<URI> uri) {

    public Archival {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(uri, "uri");
    }

    public static Archival disabled() {
      return new Archival(ArchivalState.DISABLED, Optional.empty());
    }
  }
}
