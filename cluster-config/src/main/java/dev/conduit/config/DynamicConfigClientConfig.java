package dev.conduit.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the dynamic config file of runtime settings is and how often it is polled for changes.
 * A relative path is taken relative to the directory of the static config file.
 */
public record DynamicConfigClientConfig(Path filepath, Duration pollInterval) {

  /** Temporal's example files poll every 10 seconds. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);

  /** Polling faster than this only burns disk reads; Temporal's floor is 5s, ours 1s for tests. */
  public static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(1);

  public DynamicConfigClientConfig {
    Objects.requireNonNull(filepath, "filepath");
    Objects.requireNonNull(pollInterval, "pollInterval");
  }
}
