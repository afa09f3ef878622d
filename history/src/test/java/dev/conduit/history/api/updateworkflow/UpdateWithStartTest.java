package dev.conduit.history.api.updateworkflow;

import static dev.conduit.history.testing.Commands.payload;
import static io.temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED;
import static io.temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.conduit.common.MultiOperationTrailers;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.WorkflowKey;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.update.v1.Input;
import io.temporal.api.update.v1.Meta;
import io.temporal.api.update.v1.Request;
import io.temporal.api.update.v1.WaitPolicy;
import io.temporal.api.workflowservice.v1.ExecuteMultiOperationRequest;
import io.temporal.api.workflowservice.v1.ExecuteMultiOperationResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Update-with-start in history: the new run's first task carries the update; failures name their operation. */
class UpdateWithStartTest {
  private static final Duration NO_WAIT = Duration.ofMillis(500);
  private static final Metadata.Key<String> FAILED_OPERATION =
      Metadata.Key.of(MultiOperationTrailers.FAILED_OPERATION, Metadata.ASCII_STRING_MARSHALLER);
  private final HistoryTestEnv env = new HistoryTestEnv();
  private final UpdateWithStart updateWithStart = new UpdateWithStart(env.shards, env.start, env.update);

  @AfterEach
  void close() {
    env.close();
  }

  private ExecuteMultiOperationRequest request(StartWorkflowExecutionRequest.Builder start, String updateName) {
    return ExecuteMultiOperationRequest.newBuilder()
        .setNamespace(HistoryTestEnv.NAMESPACE)
        .addOperations(ExecuteMultiOperationRequest.Operation.newBuilder().setStartWorkflow(start))
        .addOperations(ExecuteMultiOperationRequest.Operation.newBuilder().setUpdateWorkflow(
            UpdateWorkflowExecutionRequest.newBuilder()
                .setNamespace(HistoryTestEnv.NAMESPACE)
                .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(start.getWorkflowId()))
                .setWaitPolicy(WaitPolicy.newBuilder().setLifecycleStage(UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED))
                .setRequest(Request.newBuilder()
                    .setMeta(Meta.newBuilder().setUpdateId("u1"))
                    .setInput(Input.newBuilder().setName(updateName).setArgs(payload("1"))))))
        .build();
  }

  private ExecuteMultiOperationResponse invoke(ExecuteMultiOperationRequest request) {
    ExecuteMultiOperationResponse response = updateWithStart.invoke(HistoryTestEnv.NAMESPACE_ID, request, NO_WAIT);
    env.processTransfers();
    return response;
  }

  @Test
  void aNewRunsFirstWorkflowTaskCarriesTheUpdate() {
    ExecuteMultiOperationResponse response = invoke(request(env.startRequest("uws-new"), "add"));

    assertThat(response.getResponses(0).getStartWorkflow().getStarted()).isTrue();
    assertThat(response.getResponses(1).getUpdateWorkflow().getStage())
        .isEqualTo(UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED);
    WorkflowKey key = env.current("uws-new");
    assertThat(key.runId()).isEqualTo(response.getResponses(0).getStartWorkflow().getRunId());
    PollWorkflowTaskQueueResponse first = env.pollWorkflowTask(key);
    assertThat(first.getStartedEventId()).isEqualTo(3);
    assertThat(first.getMessagesList()).hasSize(1);
    assertThat(first.getMessages(0).getProtocolInstanceId()).isEqualTo("u1");
  }

  @Test
  void aRunningWorkflowIsAStartFailureUnlessTheConflictPolicyReusesIt() {
    WorkflowKey running = env.startWorkflow("uws-running");

    StatusRuntimeException conflict = catchThrowableOfType(StatusRuntimeException.class,
        () -> invoke(request(env.startRequest("uws-running"), "add")));
    ExecuteMultiOperationResponse reused = invoke(request(env.startRequest("uws-running")
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING), "add"));

    assertThat(conflict.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(conflict.getTrailers().get(FAILED_OPERATION)).isEqualTo("0");
    assertThat(reused.getResponses(0).getStartWorkflow().getStarted()).isFalse();
    assertThat(reused.getResponses(0).getStartWorkflow().getRunId()).isEqualTo(running.runId());
    assertThat(env.shard(running).updates().find(running, "u1")).isNotNull();
  }

  @Test
  void anInvalidUpdateStartsNothingAndIsTheFailedOperation() {
    StatusRuntimeException invalid = catchThrowableOfType(StatusRuntimeException.class,
        () -> invoke(request(env.startRequest("uws-invalid"), "")));

    assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(invalid.getTrailers().get(FAILED_OPERATION)).isEqualTo("1");
    assertThat(env.shard(new WorkflowKey(HistoryTestEnv.NAMESPACE_ID, "uws-invalid", "x"))
        .currentExecution(HistoryTestEnv.NAMESPACE_ID, "uws-invalid")).isEmpty();
  }
}
