package dev.conduit.it.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.conduit.deploy.Warmup;
import dev.conduit.it.support.SdkHarness;
import dev.conduit.it.support.SharedCluster;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The warm-up {@code conduit up} runs before it returns, against a real cluster. */
class WarmupIT {
  @RegisterExtension
  static final SharedCluster shared = new SharedCluster();
  private static SdkHarness sdk;

  @BeforeAll
  static void start() {
    sdk = shared.harness();
  }

  private static WorkflowExecution execution(String workflowId) {
    return WorkflowExecution.newBuilder().setWorkflowId(workflowId).build();
  }

  @Test
  void itRunsWholeWorkflowsThroughTheClusterAndLeavesNoneRunning() {
    Warmup.Result result = Warmup.run(sdk.cluster().frontendTarget(), Duration.ofSeconds(2));
    // a second warm-up of the same cluster finds its namespace registered
    Warmup.Result again = Warmup.run(sdk.cluster().frontendTarget(), Duration.ofSeconds(1));

    assertThat(result.failure()).isNull();
    assertThat(again.failure()).isNull();
    assertThat(result.completed()).isPositive();
    assertThat(again.completed()).isPositive();
    for (int i = 0; i < result.completed(); i++) {
      assertThat(sdk.stubs().blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
              .setNamespace(Warmup.NAMESPACE).setExecution(execution(result.workflowIdPrefix() + i)).build())
          .getWorkflowExecutionInfo().getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    }
    StatusRuntimeException beyond = catchThrowableOfType(StatusRuntimeException.class, () -> sdk.stubs().blockingStub()
        .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder().setNamespace(Warmup.NAMESPACE)
            .setExecution(execution(result.workflowIdPrefix() + result.completed())).build()));
    assertThat(beyond.getStatus().getCode()).as("no workflow started beyond those counted")
        .isEqualTo(Status.Code.NOT_FOUND);

    List<HistoryEvent> events = sdk.stubs().blockingStub().getWorkflowExecutionHistory(
        GetWorkflowExecutionHistoryRequest.newBuilder().setNamespace(Warmup.NAMESPACE)
            .setExecution(execution(result.workflowIdPrefix() + 0)).build()).getHistory().getEventsList();
    assertThat(events).anySatisfy(e -> assertThat(e.getActivityTaskStartedEventAttributes().getAttempt())
        .as("the activity was retried").isEqualTo(2));
    assertThat(events).anySatisfy(e -> assertThat(e.getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED));
    assertThat(events).anySatisfy(e -> assertThat(e.getWorkflowTaskScheduledEventAttributes().getTaskQueue().getKind())
        .as("the last workflow task went to the sticky queue").isEqualTo(TaskQueueKind.TASK_QUEUE_KIND_STICKY));
    assertThat(events.get(events.size() - 1).getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  }

  @Test
  void aZeroBudgetRunsNothing() {
    Warmup.Result result = Warmup.run(sdk.cluster().frontendTarget(), Duration.ZERO);

    assertThat(result.completed()).isZero();
    assertThat(result.failure()).isNull();
  }
}
