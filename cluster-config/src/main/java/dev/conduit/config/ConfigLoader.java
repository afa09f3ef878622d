package dev.conduit.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conduit.config.internal.ClusterConfigReader;
import dev.conduit.config.internal.EnvSubstitution;
import dev.conduit.config.internal.Errors;
import dev.conduit.config.internal.YamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads and validates a cluster config file. Any string value may reference the environment as
 * {@code ${NAME}} or {@code ${NAME:-default}}; the environment is injectable so tests need not touch the
 * process's own. Every problem in the file is reported at once in a {@link ConfigException}.
 *
 * <pre>{@code
 * ClusterConfig config = ConfigLoader.fromSystemEnvironment().load(Path.of("config/development.yaml"));
 * }</pre>
 */
public final class ConfigLoader {

  private final EnvSubstitution environment;

  private ConfigLoader(Map<String, String> environment) {
    this.environment = new EnvSubstitution(environment);
  }

  /** A loader that substitutes from {@link System#getenv()}. */
  public static ConfigLoader fromSystemEnvironment() {
    return new ConfigLoader(System.getenv());
  }

  /** A loader that substitutes from the given variables only. */
  public static ConfigLoader withEnvironment(Map<String, String> environment) {
    return new ConfigLoader(environment);
  }

  /**
   * Reads and validates a file; a relative {@code dynamicConfigClient.filepath} in it is taken relative
   * to the file's directory.
   *
   * @throws ConfigException listing every error, including a file that cannot be read
   */
  public ClusterConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file.toString(),
          List.of(new ConfigError("", "cannot read the file: " + e)));
    }
    Path directory = Optional.ofNullable(file.toAbsolutePath().getParent()).orElse(Path.of(""));
    return parse(text, file.toString(), directory);
  }

  /** Validates YAML text; relative paths in it are taken relative to the working directory. */
  public ClusterConfig parse(String yaml) {
    return parse(yaml, "<text>", Path.of("").toAbsolutePath());
  }

  /**
   * Validates YAML text that came from {@code source} (named in the exception), resolving relative
   * paths against {@code baseDirectory}.
   */
  public ClusterConfig parse(String yaml, String source, Path baseDirectory) {
    Errors errors = new Errors();
    Optional<JsonNode> document = YamlReader.read(yaml, errors);
    if (document.isEmpty()) {
      errors.throwIfAny(source);
    }
    ClusterConfig config = ClusterConfigReader.read(document.get(), environment, baseDirectory, errors);
    errors.throwIfAny(source);
    return config;
  }
}
