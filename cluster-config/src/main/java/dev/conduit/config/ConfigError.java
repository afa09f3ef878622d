package dev.conduit.config;

import java.util.Objects;

/**
 * One problem found in a config file: the dotted key path it concerns (for example
 * {@code clusterMetadata.clusterInformation.standby.initialFailoverVersion}) and what is wrong there.
 */
public record ConfigError(String path, String message) {

  public ConfigError {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
