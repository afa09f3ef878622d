package dev.conduit.persistence.resilience;

import dev.conduit.persistence.OutcomeUnknownException;
import dev.conduit.persistence.PersistenceException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The one retry policy of persistence calls: a call failing with a retryable {@link PersistenceException}
 * (timeout, unavailable replicas, no node) is repeated with exponential, jittered backoff. A call whose
 * conditional write has an unknown outcome is not: only the caller can reload and decide again.
 */
public final class PersistenceRetry {
  private final Retry retry;

  private PersistenceRetry(Retry retry) {
    this.retry = retry;
  }

  /** Four attempts, backing off from 50 ms to at most 1 s: enough to ride out a coordinator restart. */
  public static PersistenceRetry defaults() {
    return of(4, Duration.ofMillis(50), Duration.ofSeconds(1));
  }

  public static PersistenceRetry of(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    RetryConfig config =
        RetryConfig.custom()
            .maxAttempts(maxAttempts)
            .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(initialBackoff, 2.0, 0.5, maxBackoff))
            .retryOnException(PersistenceRetry::isRetryable)
            .build();
    return new PersistenceRetry(Retry.of("persistence", config));
  }

  /** Retryable failures are repeated; failed conditions, lost ownership and unknown outcomes never are. */
  static boolean isRetryable(Throwable error) {
    return error instanceof PersistenceException persistence
        && persistence.isRetryable()
        && !(error instanceof OutcomeUnknownException);
  }

  <T> T call(Supplier<T> call) {
    return retry.executeSupplier(call);
  }

  void run(Runnable call) {
    retry.executeRunnable(call);
  }

  /** The resilience4j retry, for its metrics and events. */
  public Retry retry() {
    return retry;
  }
}
