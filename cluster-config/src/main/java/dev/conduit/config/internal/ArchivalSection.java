package dev.conduit.config.internal;

import dev.conduit.config.archival.ArchivalConfig;
import dev.conduit.config.archival.ArchivalState;
import dev.conduit.config.archival.NamespaceDefaultsConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/** Reads and checks {@code archival} and {@code namespaceDefaults}; only the filestore provider exists. */
final class ArchivalSection {

  private static final String FILE_SCHEME = "file";

  private ArchivalSection() {}

  static ArchivalConfig parseArchival(Section archival) {
    return new ArchivalConfig(
        kind(archival.sectionOrEmpty("history")), kind(archival.sectionOrEmpty("visibility")));
  }

  private static ArchivalConfig.Kind kind(Section kind) {
    ArchivalState state = Checks.choice(
        kind, "state", ArchivalState.values(), ArchivalState::configName, ArchivalState.DISABLED);
    boolean enableRead = kind.bool("enableRead", false);
    Optional<ArchivalConfig.Filestore> filestore = kind.sectionOrEmpty("provider")
        .optionalSection("filestore")
        .map(section -> new ArchivalConfig.Filestore(
            section.parsed("fileMode", ArchivalSection::mode, ArchivalConfig.Filestore.DEFAULT_FILE_MODE),
            section.parsed("dirMode", ArchivalSection::mode, ArchivalConfig.Filestore.DEFAULT_DIR_MODE)));
    if (state != ArchivalState.DISABLED && filestore.isEmpty()) {
      kind.error("provider", "is required when state is " + state.configName()
          + ": configure provider.filestore");
    }
    return new ArchivalConfig.Kind(state, enableRead, filestore);
  }

  /** Unix permission bits written in octal, e.g. "0666"; quoted, since YAML reads 0666 as a number. */
  private static int mode(String text) {
    if (!text.matches("0?[0-7]{3,4}") || Integer.parseInt(text, 8) > 07777) {
      throw new IllegalArgumentException("'" + text + "' is not an octal file mode such as \"0666\"");
    }
    return Integer.parseInt(text, 8);
  }

  static NamespaceDefaultsConfig parseNamespaceDefaults(Section defaults) {
    Section archival = defaults.sectionOrEmpty("archival");
    return new NamespaceDefaultsConfig(
        namespaceArchival(archival.sectionOrEmpty("history")),
        namespaceArchival(archival.sectionOrEmpty("visibility")));
  }

  private static NamespaceDefaultsConfig.Archival namespaceArchival(Section section) {
    ArchivalState[] states = {ArchivalState.ENABLED, ArchivalState.DISABLED};
    ArchivalState state =
        Checks.choice(section, "state", states, ArchivalState::configName, ArchivalState.DISABLED);
    Optional<URI> uri = section.optionalParsed("URI", ArchivalSection::uri);
    if (state == ArchivalState.ENABLED && uri.isEmpty()) {
      section.error("URI", "is required when state is enabled");
    }
    return new NamespaceDefaultsConfig.Archival(state, uri);
  }

  private static URI uri(String text) {
    try {
      URI uri = new URI(text);
      if (uri.getScheme() == null) {
        throw new IllegalArgumentException(
            "'" + text + "' has no scheme; expected e.g. file:///tmp/archival");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + text + "' is not a URI: " + e.getReason());
    }
  }

  /** A namespace default URI must have a provider configured for its scheme, or archiving would fail. */
  static void validate(ArchivalConfig archival, NamespaceDefaultsConfig defaults, Errors errors) {
    checkProvider("history", defaults.history(), archival.history(), errors);
    checkProvider("visibility", defaults.visibility(), archival.visibility(), errors);
  }

  private static void checkProvider(String kind, NamespaceDefaultsConfig.Archival defaults,
      ArchivalConfig.Kind cluster, Errors errors) {
    defaults.uri().ifPresent(uri -> {
      String path = "namespaceDefaults.archival." + kind + ".URI";
      if (!FILE_SCHEME.equals(uri.getScheme())) {
        errors.add(path, "scheme '" + uri.getScheme()
            + "' has no archival provider; only file (filestore) is supported");
      } else if (cluster.filestore().isEmpty()) {
        errors.add(path, "scheme file needs archival." + kind + ".provider.filestore to be configured");
      }
    });
  }
}
