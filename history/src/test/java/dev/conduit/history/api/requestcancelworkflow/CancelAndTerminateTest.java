package dev.conduit.history.api.requestcancelworkflow;

import static dev.conduit.history.testing.Commands.cancelWorkflow;
import static dev.conduit.history.testing.Commands.completeWorkflow;
import static dev.conduit.history.testing.Commands.startTimer;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.errors.WorkflowCompletedException;
import dev.conduit.history.testing.Commands;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.WorkflowKey;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RequestCancelWorkflowExecution, the CancelWorkflowExecution command, and TerminateWorkflowExecution. */
class CancelAndTerminateTest {
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  private WorkflowKey idle(String workflowId) {
    WorkflowKey key = env.startWorkflow(workflowId);
    env.completeWorkflowTask(env.pollWorkflowTask(key), startTimer("t", Duration.ofHours(1)));
    return key;
  }

  private void requestCancel(String workflowId, String requestId) {
    env.requestCancel.invoke(HistoryTestEnv.NAMESPACE_ID, RequestCancelWorkflowExecutionRequest.newBuilder()
        .setNamespace(HistoryTestEnv.NAMESPACE)
        .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
        .setReason("user asked")
        .setIdentity("client-1")
        .setRequestId(requestId)
        .build());
    env.processTransfers();
  }

  private void terminate(String workflowId, String firstRunId) {
    env.terminate.invoke(HistoryTestEnv.NAMESPACE_ID, TerminateWorkflowExecutionRequest.newBuilder()
        .setNamespace(HistoryTestEnv.NAMESPACE)
        .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
        .setReason("operator")
        .setDetails(Commands.payload("why"))
        .setIdentity("admin")
        .setFirstExecutionRunId(firstRunId)
        .build());
    env.processTransfers();
  }

  @Test
  void cancelRequestIsRecordedOnceAndTheWorkflowClosesAsCanceled() {
    WorkflowKey key = idle("c-cancel");

    requestCancel("c-cancel", "r1");
    requestCancel("c-cancel", "r2");

    List<EventType> types = env.eventTypes(key);
    assertThat(types.stream().filter(t -> t == EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED)).hasSize(1);
    HistoryEvent requested = env.events(key).get(types.indexOf(EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED));
    assertThat(requested.getWorkflowExecutionCancelRequestedEventAttributes().getCause()).isEqualTo("user asked");
    assertThat(requested.getWorkflowExecutionCancelRequestedEventAttributes().getIdentity()).isEqualTo("client-1");

    env.completeWorkflowTask(env.pollWorkflowTask(key), cancelWorkflow());

    assertThat(env.eventTypes(key)).last().isEqualTo(EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED);
    assertThat(env.state(key).getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED_VALUE);
  }

  @Test
  void cancelOfAClosedRunIsNotFoundAlreadyCompleted() {
    WorkflowKey key = env.startWorkflow("c-closed");
    env.completeWorkflowTask(env.pollWorkflowTask(key), completeWorkflow("done"));

    assertThatThrownBy(() -> requestCancel("c-closed", "r1")).isInstanceOf(WorkflowCompletedException.class);
  }

  @Test
  void terminateFailsTheStartedTaskKeepsBufferedEventsAndClosesTheRun() {
    WorkflowKey key = env.startWorkflow("c-term");
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(key);
    env.signal("c-term", "", "late", "x");

    terminate("c-term", "");

    List<HistoryEvent> events = env.events(key);
    List<EventType> tail = events.subList(3, events.size()).stream().map(HistoryEvent::getEventType).toList();
    assertThat(tail).containsExactly(EVENT_TYPE_WORKFLOW_TASK_FAILED, EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
        EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
    assertThat(events.get(3).getWorkflowTaskFailedEventAttributes().getCause())
        .isEqualTo(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND);
    HistoryEvent terminated = events.get(events.size() - 1);
    assertThat(terminated.getWorkflowExecutionTerminatedEventAttributes().getReason()).isEqualTo("operator");
    assertThat(terminated.getWorkflowExecutionTerminatedEventAttributes().getIdentity()).isEqualTo("admin");
    assertThat(env.state(key).getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED_VALUE);
    assertThatThrownBy(() -> env.completeWorkflowTask(task, completeWorkflow("too late")))
        .isInstanceOf(EntityNotFoundException.class);
  }

  @Test
  void terminateOfAClosedRunIsNotFoundAlreadyCompleted() {
    idle("c-twice");
    terminate("c-twice", "");

    assertThatThrownBy(() -> terminate("c-twice", "")).isInstanceOf(WorkflowCompletedException.class)
        .hasMessage("workflow execution already completed");
  }

  @Test
  void terminateNamingAnotherChainByItsFirstRunIsNotFound() {
    WorkflowKey key = idle("c-chain");

    assertThatThrownBy(() -> terminate("c-chain", "some-other-run")).isInstanceOf(EntityNotFoundException.class);
    terminate("c-chain", key.runId());
    assertThat(env.state(key).getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED_VALUE);
  }
}
