package dev.conduit.history.workflow;

import static dev.conduit.history.testing.Commands.applicationFailure;
import static dev.conduit.history.testing.Commands.retry;
import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.failure.v1.ApplicationFailureInfo;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.failure.v1.TimeoutFailureInfo;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPoliciesTest {
  private final Instant now = Instant.parse("2024-01-01T00:00:00Z");
  private final Failure plain = applicationFailure("x", "Err", false);

  private static Failure timeout(TimeoutType type) {
    return Failure.newBuilder().setTimeoutFailureInfo(TimeoutFailureInfo.newBuilder().setTimeoutType(type)).build();
  }

  @Test
  void defaultsAreTemporalsServerDefaults() {
    RetryPolicy policy = RetryPolicies.withDefaults(RetryPolicy.getDefaultInstance());
    assertThat(policy.getInitialInterval().getSeconds()).isEqualTo(1);
    assertThat(policy.getBackoffCoefficient()).isEqualTo(2.0);
    assertThat(policy.getMaximumInterval().getSeconds()).isEqualTo(100);
    assertThat(policy.getMaximumAttempts()).isZero();
    RetryPolicy custom = RetryPolicies.withDefaults(RetryPolicy.newBuilder()
        .setInitialInterval(com.google.protobuf.Duration.newBuilder().setSeconds(3)).build());
    assertThat(custom.getMaximumInterval().getSeconds()).as("100x the given initial interval").isEqualTo(300);
  }

  @Test
  void backoffGrowsGeometricallyAndIsCapped() {
    RetryPolicy policy = retry(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(5), 0);
    assertThat(RetryPolicies.decide(policy, 1, plain, now, null).backoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(RetryPolicies.decide(policy, 2, plain, now, null).backoff()).isEqualTo(Duration.ofSeconds(2));
    assertThat(RetryPolicies.decide(policy, 3, plain, now, null).backoff()).isEqualTo(Duration.ofSeconds(4));
    assertThat(RetryPolicies.decide(policy, 4, plain, now, null).backoff()).isEqualTo(Duration.ofSeconds(5));
    assertThat(RetryPolicies.decide(policy, 40, plain, now, null).backoff()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void unlimitedAttemptsKeepRetryingAndMaximumAttemptsStops() {
    RetryPolicy unlimited = retry(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(5), 0);
    assertThat(RetryPolicies.decide(unlimited, 1000, plain, now, null).retries()).isTrue();
    RetryPolicy three = retry(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(5), 3);
    assertThat(RetryPolicies.decide(three, 2, plain, now, null).retries()).isTrue();
    assertThat(RetryPolicies.decide(three, 3, plain, now, null).state())
        .isEqualTo(RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED);
  }

  @Test
  void nonRetryableTypesAndFlagsStop() {
    RetryPolicy policy = retry(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(5), 0).toBuilder()
        .addNonRetryableErrorTypes("Fatal").build();
    assertThat(RetryPolicies.decide(policy, 1, applicationFailure("x", "Fatal", false), now, null).state())
        .isEqualTo(RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE);
    assertThat(RetryPolicies.decide(policy, 1, applicationFailure("x", "Other", true), now, null).state())
        .isEqualTo(RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE);
    assertThat(RetryPolicies.decide(policy, 1, applicationFailure("x", "Other", false), now, null).retries()).isTrue();
  }

  @Test
  void onlyStartToCloseAndHeartbeatTimeoutsRetry() {
    RetryPolicy policy = retry(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(5), 0);
    assertThat(RetryPolicies.decide(policy, 1, timeout(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE), now, null).retries()).isTrue();
    assertThat(RetryPolicies.decide(policy, 1, timeout(TimeoutType.TIMEOUT_TYPE_HEARTBEAT), now, null).retries()).isTrue();
    assertThat(RetryPolicies.decide(policy, 1, timeout(TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START), now, null).retries())
        .isFalse();
    RetryPolicy noHeartbeatRetry = policy.toBuilder().addNonRetryableErrorTypes("TemporalTimeout:Heartbeat").build();
    assertThat(RetryPolicies.decide(noHeartbeatRetry, 1, timeout(TimeoutType.TIMEOUT_TYPE_HEARTBEAT), now, null)
        .retries()).isFalse();
  }

  @Test
  void retryPastTheScheduleToCloseDeadlineStopsWithTimeout() {
    RetryPolicy policy = retry(Duration.ofSeconds(4), 2.0, Duration.ofSeconds(10), 0);
    assertThat(RetryPolicies.decide(policy, 1, plain, now, now.plusSeconds(3)).state())
        .isEqualTo(RetryState.RETRY_STATE_TIMEOUT);
    assertThat(RetryPolicies.decide(policy, 1, plain, now, now.plusSeconds(4)).retries()).isTrue();
  }

  @Test
  void failureCanAskForItsOwnDelay() {
    Failure withDelay = plain.toBuilder().setApplicationFailureInfo(ApplicationFailureInfo.newBuilder()
        .setType("Err").setNextRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(42))).build();
    RetryPolicy policy = retry(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(5), 0);
    assertThat(RetryPolicies.decide(policy, 1, withDelay, now, null).backoff()).isEqualTo(Duration.ofSeconds(42));
  }

  @Test
  void invalidPoliciesAreNamed() {
    assertThat(RetryPolicies.validate(retry(Duration.ofSeconds(5), 2.0, Duration.ofSeconds(1), 0)))
        .contains("MaximumInterval");
    assertThat(RetryPolicies.validate(retry(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(5), 0)))
        .contains("BackoffCoefficient");
    assertThat(RetryPolicies.validate(retry(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(5), -1)))
        .contains("MaximumAttempts");
    assertThat(RetryPolicies.validate(retry(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(5), 0))).isNull();
  }
}
