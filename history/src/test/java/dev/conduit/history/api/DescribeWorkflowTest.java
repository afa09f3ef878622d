package dev.conduit.history.api;

import static dev.conduit.history.testing.Commands.completeWorkflow;
import static dev.conduit.history.testing.Commands.scheduleActivity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.WorkflowKey;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.enums.v1.PendingWorkflowTaskState;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DescribeWorkflowTest {
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  private DescribeWorkflowExecutionResponse describe(String workflowId, String runId) {
    return env.describe.invoke(HistoryTestEnv.NAMESPACE_ID, DescribeWorkflowExecutionRequest.newBuilder()
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId)).build());
  }

  @Test
  void describesARunningRunWithItsPendingWork() {
    WorkflowKey key = env.startWorkflow("d-1");
    env.completeWorkflowTask(env.pollWorkflowTask(key), scheduleActivity("a1"), scheduleActivity("a2"));
    env.recordActivityTaskStarted.invoke(env.activityTaskStarted(key, 6, "r"));

    DescribeWorkflowExecutionResponse response = describe("d-1", "");
    assertThat(response.getWorkflowExecutionInfo().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(response.getWorkflowExecutionInfo().getExecution().getRunId()).isEqualTo(key.runId());
    assertThat(response.getWorkflowExecutionInfo().getType().getName()).isEqualTo("OrderWorkflow");
    assertThat(response.getWorkflowExecutionInfo().getHistoryLength()).isEqualTo(6);
    assertThat(response.getWorkflowExecutionInfo().getTaskQueue()).isEqualTo(HistoryTestEnv.TASK_QUEUE);
    assertThat(response.getWorkflowExecutionInfo().hasStartTime()).isTrue();
    assertThat(response.getWorkflowExecutionInfo().hasCloseTime()).isFalse();
    assertThat(response.getExecutionConfig().getDefaultWorkflowTaskTimeout().getSeconds()).isEqualTo(10);
    assertThat(response.getPendingActivitiesList()).extracting(a -> a.getActivityId()).containsExactly("a1", "a2");
    assertThat(response.getPendingActivities(0).getState()).isEqualTo(PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED);
    assertThat(response.getPendingActivities(1).getState()).isEqualTo(PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);
    assertThat(response.hasPendingWorkflowTask()).isFalse();
  }

  @Test
  void describesAClosedRunWithItsCloseTime() {
    WorkflowKey key = env.startWorkflow("d-2");
    DescribeWorkflowExecutionResponse running = describe("d-2", key.runId());
    assertThat(running.getPendingWorkflowTask().getState())
        .isEqualTo(PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_SCHEDULED);
    env.completeWorkflowTask(env.pollWorkflowTask(key), completeWorkflow("x"));
    DescribeWorkflowExecutionResponse closed = describe("d-2", key.runId());
    assertThat(closed.getWorkflowExecutionInfo().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    assertThat(closed.getWorkflowExecutionInfo().hasCloseTime()).isTrue();
    assertThat(closed.hasPendingWorkflowTask()).isFalse();
  }

  @Test
  void unknownWorkflowIsNotFound() {
    assertThatThrownBy(() -> describe("nope", "")).isInstanceOf(EntityNotFoundException.class);
    assertThatThrownBy(() -> describe("nope", "00000000-0000-0000-0000-000000000000"))
        .isInstanceOf(EntityNotFoundException.class);
  }
}
