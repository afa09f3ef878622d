package dev.conduit.frontend.namespace;

import dev.conduit.config.archival.ArchivalConfig;
import dev.conduit.config.archival.ArchivalState;
import dev.conduit.config.archival.NamespaceDefaultsConfig;
import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * A namespace's history or visibility archival state and URI, decided from the request, the cluster's
 * {@code archival} section and its {@code namespaceDefaults}. Rules: a namespace can enable archival only
 * where the cluster archives; enabled archival needs a URI of a known provider ({@code file}); a URI,
 * once set, never changes (archived data lives there).
 */
public final class ArchivalSettings {
  /** Which archival: the two kinds are decided the same way, from their own sections. */
  public enum Kind {
    HISTORY("history"),
    VISIBILITY("visibility");

    private final String fieldPrefix;

    Kind(String fieldPrefix) {
      this.fieldPrefix = fieldPrefix;
    }
  }

  /** A namespace's archival setting of one kind. */
  public record Setting(NamespaceDetail.ArchivalState state, String uri) {
    static final Setting DISABLED = new Setting(NamespaceDetail.ArchivalState.ARCHIVAL_STATE_DISABLED, "");
  }

  private final ArchivalConfig cluster;
  private final NamespaceDefaultsConfig defaults;

  public ArchivalSettings(ArchivalConfig cluster, NamespaceDefaultsConfig defaults) {
    this.cluster = cluster;
    this.defaults = defaults;
  }

  /** At registration: what the request asks, else the namespace defaults. */
  public Setting forRegister(Kind kind, io.temporal.api.enums.v1.ArchivalState requested, String requestedUri, String fieldPrefix) {
    if (!clusterArchives(kind)) {
      rejectIfAsked(kind, requested, requestedUri, fieldPrefix);
      return Setting.DISABLED;
    }
    NamespaceDefaultsConfig.Archival namespaceDefault = defaultsOf(kind);
    NamespaceDetail.ArchivalState state = requested == io.temporal.api.enums.v1.ArchivalState.ARCHIVAL_STATE_UNSPECIFIED
        ? (namespaceDefault.state() == ArchivalState.ENABLED
            ? NamespaceDetail.ArchivalState.ARCHIVAL_STATE_ENABLED : NamespaceDetail.ArchivalState.ARCHIVAL_STATE_DISABLED)
        : toStored(requested, fieldPrefix + kind.fieldPrefix + "_archival_state");
    String uri = requestedUri.isEmpty() ? namespaceDefault.uri().map(URI::toString).orElse("") : requestedUri;
    return checked(kind, new Setting(state, uri), fieldPrefix);
  }

  /** At update: an unspecified state and empty URI keep the current setting. */
  public Setting forUpdate(Kind kind, Setting current, io.temporal.api.enums.v1.ArchivalState requested, String requestedUri,
      String fieldPrefix) {
    if (requested == io.temporal.api.enums.v1.ArchivalState.ARCHIVAL_STATE_UNSPECIFIED && requestedUri.isEmpty()) {
      return current;
    }
    if (!clusterArchives(kind)) {
      rejectIfAsked(kind, requested, requestedUri, fieldPrefix);
      return current;
    }
    String uriField = fieldPrefix + kind.fieldPrefix + "_archival_uri";
    if (!current.uri().isEmpty() && !requestedUri.isEmpty() && !current.uri().equals(requestedUri)) {
      throw new InvalidArgumentException(uriField, "the archival URI is '" + current.uri() + "' and cannot be changed");
    }
    String uri = !current.uri().isEmpty() ? current.uri() : requestedUri;
    if (uri.isEmpty()) {
      uri = defaultsOf(kind).uri().map(URI::toString).orElse("");
    }
    NamespaceDetail.ArchivalState state = requested == io.temporal.api.enums.v1.ArchivalState.ARCHIVAL_STATE_UNSPECIFIED
        ? current.state() : toStored(requested, fieldPrefix + kind.fieldPrefix + "_archival_state");
    return checked(kind, new Setting(state, uri), fieldPrefix);
  }

  private Setting checked(Kind kind, Setting setting, String fieldPrefix) {
    String uriField = fieldPrefix + kind.fieldPrefix + "_archival_uri";
    if (setting.state() == NamespaceDetail.ArchivalState.ARCHIVAL_STATE_ENABLED && setting.uri().isEmpty()) {
      throw new InvalidArgumentException(uriField, "a URI is required to enable " + kind.fieldPrefix + " archival");
    }
    if (!setting.uri().isEmpty()) {
      try {
        URI uri = new URI(setting.uri());
        if (!"file".equals(uri.getScheme()) || uri.getPath() == null || uri.getPath().isEmpty()) {
          throw new InvalidArgumentException(uriField, "'" + setting.uri()
              + "' is not a file:///path URI; filestore is the only archival provider");
        }
      } catch (URISyntaxException e) {
        throw new InvalidArgumentException(uriField, "'" + setting.uri() + "' is not a valid URI: " + e.getReason());
      }
    }
    return setting;
  }

  private boolean clusterArchives(Kind kind) {
    ArchivalConfig.Kind section = kind == Kind.HISTORY ? cluster.history() : cluster.visibility();
    return section.state() != ArchivalState.DISABLED;
  }

  private NamespaceDefaultsConfig.Archival defaultsOf(Kind kind) {
    return kind == Kind.HISTORY ? defaults.history() : defaults.visibility();
  }

  private static void rejectIfAsked(Kind kind, io.temporal.api.enums.v1.ArchivalState requested, String uri, String fieldPrefix) {
    if (requested == io.temporal.api.enums.v1.ArchivalState.ARCHIVAL_STATE_ENABLED || !uri.isEmpty()) {
      String field = fieldPrefix + kind.fieldPrefix + (uri.isEmpty() ? "_archival_state" : "_archival_uri");
      throw new InvalidArgumentException(field, kind.fieldPrefix + " archival is disabled on this cluster (archival."
          + kind.fieldPrefix + ".state)");
    }
  }

  private static NamespaceDetail.ArchivalState toStored(io.temporal.api.enums.v1.ArchivalState state, String field) {
    switch (state) {
      case ARCHIVAL_STATE_ENABLED:
        return NamespaceDetail.ArchivalState.ARCHIVAL_STATE_ENABLED;
      case ARCHIVAL_STATE_DISABLED:
        return NamespaceDetail.ArchivalState.ARCHIVAL_STATE_DISABLED;
      default:
        throw new InvalidArgumentException(field, "unknown archival state " + state);
    }
  }
}
