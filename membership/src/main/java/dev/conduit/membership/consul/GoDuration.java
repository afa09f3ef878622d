package dev.conduit.membership.consul;

import java.time.Duration;

/** Writes durations the way Consul's API reads them: Go duration strings such as {@code 10s} or {@code 1500ms}. */
final class GoDuration {
  private GoDuration() {}

  static String format(Duration duration) {
    // Consul rejects "0s" intervals; anything shorter than a millisecond is meant as "as often as possible"
    long millis = Math.max(1, duration.toMillis());
    if (millis % 1000 == 0) {
      return (millis / 1000) + "s";
    }
    return millis + "ms";
  }
}
