package dev.conduit.frontend.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * Deadlines and retries of the frontend's calls to history and matching. A long poll's deadline sits a
 * little above the ~60 s after which history and matching answer empty, and below the SDKs' ~70 s, so the
 * worker always gets an answer. UNAVAILABLE (a shard or queue that moved) is retried {@code maxAttempts - 1}
 * times with doubling backoff while membership catches up, then passed on for the SDK to retry.
 */
public record CallSettings(
    Duration callTimeout, Duration longPollTimeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_LONG_POLL_TIMEOUT = Duration.ofSeconds(65);
  public static final int DEFAULT_MAX_ATTEMPTS = 4;

  public CallSettings {
    requirePositive(callTimeout, "callTimeout");
    requirePositive(longPollTimeout, "longPollTimeout");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff: " + initialBackoff + ", " + maxBackoff);
    }
  }

  /** 30 s per call, 65 s per long poll, 4 attempts 50..400 ms apart. */
  public static CallSettings defaults() {
    return new CallSettings(DEFAULT_CALL_TIMEOUT, DEFAULT_LONG_POLL_TIMEOUT, DEFAULT_MAX_ATTEMPTS,
        Duration.ofMillis(50), Duration.ofMillis(400));
  }

  public CallSettings withLongPollTimeout(Duration timeout) {
    return new CallSettings(callTimeout, timeout, maxAttempts, initialBackoff, maxBackoff);
  }

  public CallSettings withRetries(int attempts, Duration initial, Duration max) {
    return new CallSettings(callTimeout, longPollTimeout, attempts, initial, max);
  }

  /** The pause before attempt {@code attempt + 1} (attempts count from 1). */
  Duration backoff(int attempt) {
    Duration pause = initialBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
    return pause.compareTo(maxBackoff) > 0 ? maxBackoff : pause;
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
