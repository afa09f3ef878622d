package dev.conduit.frontend.redirection;

import java.time.Duration;

/**
 * How the cross-cluster client behaves: the deadline of an ordinary forwarded call (shortened to answer before
 * the caller's own deadline), the deadline of a long-running call whose caller set none, the retries of an
 * {@code UNAVAILABLE} answer with exponential backoff, and each remote cluster's circuit breaker (it opens when
 * half of the last {@code breakerWindow} calls, at least {@code breakerMinimumCalls}, failed, and lets a call
 * through again after {@code breakerOpenFor}).
 */
public record ForwardingSettings(
    Duration callTimeout,
    Duration longRunningTimeout,
    int attempts,
    Duration initialBackoff,
    Duration maxBackoff,
    int breakerWindow,
    int breakerMinimumCalls,
    Duration breakerOpenFor) {

  public ForwardingSettings {
    if (attempts < 1 || breakerWindow < 1 || breakerMinimumCalls < 1) {
      throw new IllegalArgumentException("attempts and breaker window sizes must be positive");
    }
  }

  /** 10 s per call, 90 s for a long poll without a deadline, 3 attempts from 50 ms, breaker 5 of 10 for 5 s. */
  public static ForwardingSettings defaults() {
    return new ForwardingSettings(Duration.ofSeconds(10), Duration.ofSeconds(90), 3, Duration.ofMillis(50),
        Duration.ofMillis(500), 10, 5, Duration.ofSeconds(5));
  }
}
