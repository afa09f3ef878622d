package dev.conduit.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Deadlines and resilience of the calls one process makes to an internal service. A long poll's deadline sits a
 * little above the ~60 s after which history and matching answer empty, and below the SDKs' ~70 s, so the worker
 * always gets an answer. UNAVAILABLE (a shard or queue that moved, a host that went away) is retried
 * {@code maxAttempts - 1} times with doubling backoff while membership catches up, then passed on.
 *
 * @param breaker when one host's circuit opens, see {@link Breaker}
 * @param bulkhead how many calls may be in flight to the service at once, see {@link Bulkhead}
 */
public record CallSettings(
    Duration callTimeout,
    Duration longPollTimeout,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Breaker breaker,
    Bulkhead bulkhead) {

  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_LONG_POLL_TIMEOUT = Duration.ofSeconds(65);
  public static final int DEFAULT_MAX_ATTEMPTS = 4;

  public CallSettings {
    requirePositive(callTimeout, "callTimeout");
    requirePositive(longPollTimeout, "longPollTimeout");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    requirePositive(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("need initialBackoff <= maxBackoff: " + initialBackoff + ", " + maxBackoff);
    }
    Objects.requireNonNull(breaker, "breaker");
    Objects.requireNonNull(bulkhead, "bulkhead");
  }

  /** 30 s per call, 65 s per long poll, 4 attempts 50..400 ms apart, the default breaker and bulkhead. */
  public static CallSettings defaults() {
    return new CallSettings(DEFAULT_CALL_TIMEOUT, DEFAULT_LONG_POLL_TIMEOUT, DEFAULT_MAX_ATTEMPTS,
        Duration.ofMillis(50), Duration.ofMillis(400), Breaker.defaults(), Bulkhead.defaults());
  }

  public CallSettings withCallTimeout(Duration timeout) {
    return new CallSettings(timeout, longPollTimeout, maxAttempts, initialBackoff, maxBackoff, breaker, bulkhead);
  }

  public CallSettings withLongPollTimeout(Duration timeout) {
    return new CallSettings(callTimeout, timeout, maxAttempts, initialBackoff, maxBackoff, breaker, bulkhead);
  }

  public CallSettings withRetries(int attempts, Duration initial, Duration max) {
    return new CallSettings(callTimeout, longPollTimeout, attempts, initial, max, breaker, bulkhead);
  }

  public CallSettings withBreaker(Breaker settings) {
    return new CallSettings(callTimeout, longPollTimeout, maxAttempts, initialBackoff, maxBackoff, settings, bulkhead);
  }

  public CallSettings withBulkhead(Bulkhead settings) {
    return new CallSettings(callTimeout, longPollTimeout, maxAttempts, initialBackoff, maxBackoff, breaker, settings);
  }

  /**
   * The circuit breaker of each host: it opens when at least {@code failureRatePercent} of the last
   * {@code windowSize} calls (and at least {@code minimumCalls}) found the host unreachable or unanswering, answers
   * UNAVAILABLE without calling for {@code openFor}, then lets {@code halfOpenCalls} calls test the host.
   */
  public record Breaker(int failureRatePercent, int windowSize, int minimumCalls, Duration openFor, int halfOpenCalls) {
    public Breaker {
      if (failureRatePercent < 1 || failureRatePercent > 100) {
        throw new IllegalArgumentException("failureRatePercent must be in 1..100, was " + failureRatePercent);
      }
      if (windowSize < 1 || minimumCalls < 1 || halfOpenCalls < 1) {
        throw new IllegalArgumentException("windowSize, minimumCalls and halfOpenCalls must be at least 1: "
            + windowSize + ", " + minimumCalls + ", " + halfOpenCalls);
      }
      requirePositive(openFor, "openFor");
    }

    /** Half of the last 20 calls (10 at least) failing opens it for 2 s; 3 calls then test the host. */
    public static Breaker defaults() {
      return new Breaker(50, 20, 10, Duration.ofSeconds(2), 3);
    }
  }

  /**
   * The calls in flight to one service from this process: at most {@code maxCalls} unary calls and, apart from
   * them, {@code maxLongPolls} long polls (which hold a call for up to a minute each). A call that finds no room
   * within {@code maxWait} fails RESOURCE_EXHAUSTED.
   */
  public record Bulkhead(int maxCalls, int maxLongPolls, Duration maxWait) {
    public Bulkhead {
      if (maxCalls < 1 || maxLongPolls < 1) {
        throw new IllegalArgumentException("maxCalls and maxLongPolls must be at least 1: " + maxCalls + ", " + maxLongPolls);
      }
      Objects.requireNonNull(maxWait, "maxWait");
      if (maxWait.isNegative()) {
        throw new IllegalArgumentException("maxWait must not be negative, was " + maxWait);
      }
    }

    /** 1,000 calls and 10,000 long polls, waiting up to 100 ms for room. */
    public static Bulkhead defaults() {
      return new Bulkhead(1_000, 10_000, Duration.ofMillis(100));
    }
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
