package dev.conduit.history.workflow;

import dev.conduit.history.util.ProtoTime;
import dev.conduit.proto.persistence.v1.ExecutionInfo;
import dev.conduit.proto.persistence.v1.SuccessorRun;
import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.enums.v1.ContinueAsNewInitiator;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.failure.v1.Failure;
import java.time.Instant;

/**
 * Workflow retry policies: a run that fails (or times out) is followed by a new run of the same chain
 * when the workflow was started with a retry policy that allows another attempt before the execution
 * deadline. Without a policy nothing is retried, as in Temporal.
 */
final class WorkflowRetries {
  private WorkflowRetries() {}

  /** The retry state for the close event and, when it retries, the successor run to start. */
  record Decision(RetryState state, SuccessorRun successor) {
    boolean retries() {
      return successor != null;
    }
  }

  static Decision noRetry(RetryState state) {
    return new Decision(state, null);
  }

  static Decision decide(WorkflowTransaction tx, Failure failure) {
    ExecutionInfo info = tx.state().info();
    if (info.getRetryPolicy().isEmpty()) {
      return noRetry(RetryState.RETRY_STATE_RETRY_POLICY_NOT_SET);
    }
    RetryPolicy policy = parse(info);
    int attempt = Math.max(1, info.getAttempt());
    Instant expiration = ProtoTime.instantOrNull(info.getExecutionExpirationTime());
    RetryPolicies.Decision decision = RetryPolicies.decide(policy, attempt, failure, tx.now(), expiration);
    if (!decision.retries()) {
      return noRetry(decision.state());
    }
    SuccessorRun successor = SuccessorRun.newBuilder()
        .setRunId(WorkflowLifecycle.newRunId())
        .setInitiator(ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_RETRY_VALUE)
        .setAttempt(attempt + 1)
        .setBackoff(ProtoTime.duration(decision.backoff()))
        .setContinuedFailure(failure.toByteString())
        .build();
    return new Decision(RetryState.RETRY_STATE_IN_PROGRESS, successor);
  }

  private static RetryPolicy parse(ExecutionInfo info) {
    try {
      return RetryPolicy.parseFrom(info.getRetryPolicy());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt workflow retry policy", e);
    }
  }
}
