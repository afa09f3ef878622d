package dev.conduit.deploy;

import dev.conduit.config.ClusterConfig;
import dev.conduit.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few options the {@code conduit} verbs share: {@code --config FILE} and {@code --name value} pairs, and the
 * flags that take no value ({@code --graceful}), which read as {@code "true"}.
 */
final class CommandLine {
  private static final java.util.Set<String> FLAGS = java.util.Set.of("graceful");
  /** The local cluster's config, relative to the project root the wrapper script runs from. */
  static final Path DEFAULT_CONFIG = Path.of("deploy", "config", "development.yaml");

  private final List<String> positional = new ArrayList<>();
  private final java.util.Map<String, String> options = new java.util.HashMap<>();

  CommandLine(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--") && FLAGS.contains(args[i].substring(2))) {
        options.put(args[i].substring(2), "true");
      } else if (args[i].startsWith("--")) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option " + args[i] + " needs a value");
        }
        options.put(args[i].substring(2), args[++i]);
      } else {
        positional.add(args[i]);
      }
    }
  }

  List<String> positional() {
    return positional;
  }

  Optional<String> option(String name) {
    return Optional.ofNullable(options.get(name));
  }

  java.util.Map<String, String> options() {
    return java.util.Collections.unmodifiableMap(options);
  }

  /** The shipped config of cluster {@code name} of the multi-cluster setup: {@code deploy/config/<name>.yaml}. */
  static Path clusterConfigPath(String name) {
    if (!name.matches("[a-z][a-z0-9-]*")) {
      throw new IllegalArgumentException("'" + name + "' is not a cluster name (lower-case letters, digits, '-')");
    }
    Path path = projectRoot().resolve("deploy").resolve("config").resolve(name + ".yaml");
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("no config for cluster " + name + ": " + path + " does not exist");
    }
    return path;
  }

  ClusterConfig clusterConfig(String name) {
    return ConfigLoader.fromSystemEnvironment().load(clusterConfigPath(name));
  }

  Path configPath() {
    Path path = option("config").map(Path::of).orElseGet(() -> projectRoot().resolve(DEFAULT_CONFIG));
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("config file " + path + " does not exist");
    }
    return path;
  }

  /** Loads and validates the config; a validation failure lists every error with its key path. */
  ClusterConfig config() {
    return ConfigLoader.fromSystemEnvironment().load(configPath());
  }

  static Path projectRoot() {
    String root = System.getenv("CONDUIT_ROOT");
    return root == null ? Path.of("").toAbsolutePath() : Path.of(root);
  }
}
