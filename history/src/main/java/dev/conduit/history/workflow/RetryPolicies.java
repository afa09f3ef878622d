package dev.conduit.history.workflow;

import dev.conduit.history.util.ProtoTime;
import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.failure.v1.Failure;
import java.time.Duration;
import java.time.Instant;

/**
 * Activity retry rules as Temporal applies them: a default policy when the command gives none
 * (initial 1 s, coefficient 2, maximum interval 100x initial, unlimited attempts), and the decision
 * whether a failed attempt retries and after how long.
 */
public final class RetryPolicies {
  static final Duration DEFAULT_INITIAL_INTERVAL = Duration.ofSeconds(1);
  static final double DEFAULT_BACKOFF_COEFFICIENT = 2.0;
  static final int DEFAULT_MAXIMUM_INTERVAL_FACTOR = 100;
  private static final String TIMEOUT_ERROR_PREFIX = "TemporalTimeout:";

  private RetryPolicies() {}

  /** The decision on a failed attempt: retry after {@code backoff}, or stop with {@code state}. */
  public record Decision(RetryState state, Duration backoff) {
    public boolean retries() {
      return state == RetryState.RETRY_STATE_IN_PROGRESS;
    }
  }

  /** Fills what the command left unset with the server defaults. */
  public static RetryPolicy withDefaults(RetryPolicy policy) {
    RetryPolicy.Builder filled = policy.toBuilder();
    if (!ProtoTime.isPositive(policy.getInitialInterval())) {
      filled.setInitialInterval(ProtoTime.duration(DEFAULT_INITIAL_INTERVAL));
    }
    if (policy.getBackoffCoefficient() == 0) {
      filled.setBackoffCoefficient(DEFAULT_BACKOFF_COEFFICIENT);
    }
    if (!ProtoTime.isPositive(policy.getMaximumInterval())) {
      Duration initial = ProtoTime.duration(filled.getInitialInterval());
      filled.setMaximumInterval(ProtoTime.duration(initial.multipliedBy(DEFAULT_MAXIMUM_INTERVAL_FACTOR)));
    }
    return filled.build();
  }

  /** Null when valid, else what is wrong. */
  public static String validate(RetryPolicy policy) {
    if (ProtoTime.isNegative(policy.getInitialInterval())) {
      return "InitialInterval cannot be negative on retry policy";
    }
    if (policy.getBackoffCoefficient() != 0 && policy.getBackoffCoefficient() < 1) {
      return "BackoffCoefficient cannot be less than 1 on retry policy";
    }
    if (ProtoTime.isNegative(policy.getMaximumInterval())) {
      return "MaximumInterval cannot be negative on retry policy";
    }
    if (ProtoTime.isPositive(policy.getMaximumInterval()) && ProtoTime.isPositive(policy.getInitialInterval())
        && ProtoTime.duration(policy.getMaximumInterval()).compareTo(ProtoTime.duration(policy.getInitialInterval())) < 0) {
      return "MaximumInterval cannot be less than InitialInterval on retry policy";
    }
    if (policy.getMaximumAttempts() < 0) {
      return "MaximumAttempts cannot be negative on retry policy";
    }
    return null;
  }

  /**
   * Whether attempt {@code attempt}, which failed with {@code failure} at {@code now}, is retried.
   *
   * @param expiration the schedule-to-close deadline, or null when there is none
   */
  public static Decision decide(RetryPolicy policy, int attempt, Failure failure, Instant now, Instant expiration) {
    if (policy.getMaximumAttempts() > 0 && attempt >= policy.getMaximumAttempts()) {
      return new Decision(RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED, Duration.ZERO);
    }
    if (!isRetryable(failure, policy)) {
      return new Decision(RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE, Duration.ZERO);
    }
    Duration backoff = backoff(policy, attempt, failure);
    if (expiration != null && now.plus(backoff).isAfter(expiration)) {
      return new Decision(RetryState.RETRY_STATE_TIMEOUT, Duration.ZERO);
    }
    return new Decision(RetryState.RETRY_STATE_IN_PROGRESS, backoff);
  }

  /** initial * coefficient^(attempt-1), capped at the maximum interval; a failure's own delay wins. */
  static Duration backoff(RetryPolicy policy, int attempt, Failure failure) {
    if (failure.hasApplicationFailureInfo()
        && ProtoTime.isPositive(failure.getApplicationFailureInfo().getNextRetryDelay())) {
      return ProtoTime.duration(failure.getApplicationFailureInfo().getNextRetryDelay());
    }
    double initialMillis = ProtoTime.duration(policy.getInitialInterval()).toMillis();
    double millis = initialMillis * Math.pow(policy.getBackoffCoefficient(), Math.max(0, attempt - 1));
    long maxMillis = ProtoTime.duration(policy.getMaximumInterval()).toMillis();
    if (maxMillis > 0 && millis > maxMillis) {
      millis = maxMillis;
    }
    return Duration.ofMillis((long) Math.min(millis, Long.MAX_VALUE / 2.0));
  }

  private static boolean isRetryable(Failure failure, RetryPolicy policy) {
    if (failure.hasApplicationFailureInfo()) {
      if (failure.getApplicationFailureInfo().getNonRetryable()) {
        return false;
      }
      return !policy.getNonRetryableErrorTypesList().contains(failure.getApplicationFailureInfo().getType());
    }
    if (failure.hasTimeoutFailureInfo()) {
      TimeoutType type = failure.getTimeoutFailureInfo().getTimeoutType();
      if (type != TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE && type != TimeoutType.TIMEOUT_TYPE_HEARTBEAT) {
        return false;
      }
      return !policy.getNonRetryableErrorTypesList().contains(TIMEOUT_ERROR_PREFIX + timeoutName(type));
    }
    return true;
  }

  private static String timeoutName(TimeoutType type) {
    return type == TimeoutType.TIMEOUT_TYPE_HEARTBEAT ? "Heartbeat" : "StartToClose";
  }
}
