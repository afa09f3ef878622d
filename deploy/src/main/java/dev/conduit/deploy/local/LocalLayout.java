package dev.conduit.deploy.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the local launcher keeps downloads ({@code cache/}) and each server's data, logs, config and
 * pid file ({@code state/<server>/}), all under one home directory.
 *
 * <p>The home is {@code $CONDUIT_HOME}, else {@code ~/.conduit}; as root it is {@code /var/lib/conduit},
 * because Elasticsearch runs as an unprivileged user there and must be able to reach its files, which it
 * cannot under root's private home directory.
 */
public record LocalLayout(Path home) {

  public static LocalLayout fromEnvironment() {
    String configured = System.getenv("CONDUIT_HOME");
    if (configured != null && !configured.isBlank()) {
      return new LocalLayout(Path.of(configured).toAbsolutePath());
    }
    if (Platform.isRoot()) {
      return new LocalLayout(Path.of("/var/lib/conduit"));
    }
    return new LocalLayout(Path.of(System.getProperty("user.home"), ".conduit"));
  }

  public Path cache() {
    return ensure(home.resolve("cache"));
  }

  /** The state directory of one server: data, logs, generated config and pid file. */
  public Path stateOf(String server) {
    return ensure(home.resolve("state").resolve(server));
  }

  static Path ensure(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create directory " + dir, e);
    }
  }
}
