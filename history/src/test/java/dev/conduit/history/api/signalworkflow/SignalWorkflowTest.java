package dev.conduit.history.api.signalworkflow;

import static dev.conduit.history.testing.Commands.completeWorkflow;
import static dev.conduit.history.testing.Commands.payload;
import static dev.conduit.history.testing.Commands.startTimer;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.history.HistoryConfig;
import dev.conduit.history.WorkflowLimits;
import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.errors.SignalLimitExceededException;
import dev.conduit.history.errors.WorkflowAlreadyStartedException;
import dev.conduit.history.errors.WorkflowCompletedException;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.WorkflowKey;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Signals and signal-with-start: recorded once, buffered while a task runs, refused on closed runs. */
class SignalWorkflowTest {
  private HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  /** Starts a workflow and completes its first task with a long timer, so it sits idle. */
  private WorkflowKey idle(String workflowId) {
    WorkflowKey key = env.startWorkflow(workflowId);
    env.completeWorkflowTask(env.pollWorkflowTask(key), startTimer("t", Duration.ofHours(1)));
    return key;
  }

  @Test
  void signalOnAnIdleRunIsRecordedAndDeliveredByANewWorkflowTask() {
    WorkflowKey key = idle("s-idle");

    env.signal("s-idle", "", "approve", "yes");
    env.processTransfers();

    List<HistoryEvent> events = env.events(key);
    HistoryEvent signaled = events.get(events.size() - 2);
    assertThat(signaled.getEventType()).isEqualTo(EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
    assertThat(signaled.getWorkflowExecutionSignaledEventAttributes().getSignalName()).isEqualTo("approve");
    assertThat(signaled.getWorkflowExecutionSignaledEventAttributes().getInput()).isEqualTo(payload("yes"));
    assertThat(events.get(events.size() - 1).getEventType()).isEqualTo(EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    assertThat(env.lastWorkflowDispatch(key).getScheduledEventId()).isEqualTo(events.size());
    assertThat(env.state(key).getSignalCount()).isEqualTo(1);
  }

  @Test
  void signalDuringAWorkflowTaskIsBufferedAndTheCompletionIsRefusedUntilTheWorkflowSawIt() {
    WorkflowKey key = env.startWorkflow("s-buffer");
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(key);
    env.signal("s-buffer", key.runId(), "late", "x");
    assertThat(env.state(key).getBufferedEventsCount()).isEqualTo(1);

    assertThatThrownBy(() -> env.completeWorkflowTask(task, completeWorkflow("done")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("UnhandledCommand");
    env.processTransfers();

    assertThat(env.eventTypes(key)).containsExactly(EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
        EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, EVENT_TYPE_WORKFLOW_TASK_STARTED, EVENT_TYPE_WORKFLOW_TASK_FAILED,
        EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    assertThat(env.events(key).get(3).getWorkflowTaskFailedEventAttributes().getCause())
        .isEqualTo(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND);
    PollWorkflowTaskQueueResponse next = env.pollWorkflowTask(key);
    assertThat(next.getHistory().getEventsList()).extracting(HistoryEvent::getEventType)
        .contains(EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
    env.completeWorkflowTask(next, completeWorkflow("done"));
    assertThat(env.state(key).getStatus()).isEqualTo(2);
  }

  @Test
  void aRetriedSignalRequestIsAppliedOnce() {
    WorkflowKey key = idle("s-dedupe");
    SignalWorkflowExecutionRequest request = signalRequest("s-dedupe", "go", "req-1");

    env.signal.invoke(HistoryTestEnv.NAMESPACE_ID, request);
    env.signal.invoke(HistoryTestEnv.NAMESPACE_ID, request);

    assertThat(env.eventTypes(key).stream().filter(t -> t == EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)).hasSize(1);
    assertThat(env.state(key).getSignalCount()).isEqualTo(1);
  }

  @Test
  void signalToAClosedRunIsNotFoundAlreadyCompleted() {
    WorkflowKey key = env.startWorkflow("s-closed");
    env.completeWorkflowTask(env.pollWorkflowTask(key), completeWorkflow("done"));

    assertThatThrownBy(() -> env.signal("s-closed", "", "late", "x"))
        .isInstanceOf(WorkflowCompletedException.class).hasMessage("workflow execution already completed");
  }

  @Test
  void signalToAnUnknownWorkflowIsNotFound() {
    assertThatThrownBy(() -> env.signal("s-nobody", "", "x", "y"))
        .isInstanceOf(EntityNotFoundException.class).hasMessageContaining("not found");
  }

  @Test
  void signalsPastThePerExecutionLimitAreRefused() {
    env.close();
    env = new HistoryTestEnv(HistoryConfig.defaults().withWorkflowLimits(WorkflowLimits.defaults().withPending(2000,
        2000, 2000, 2)), 2);
    idle("s-limit");
    env.signal("s-limit", "", "one", "1");
    env.signal("s-limit", "", "two", "2");

    assertThatThrownBy(() -> env.signal("s-limit", "", "three", "3"))
        .isInstanceOf(SignalLimitExceededException.class)
        .hasMessage("exceeded workflow execution limit for signal events");
  }

  @Test
  void aNamespacesOwnLimitsOverrideTheConfiguredOnes() {
    env.namespaces.setLimits(HistoryTestEnv.NAMESPACE_ID, WorkflowLimits.defaults().withPending(2000, 2000, 2000, 1));
    idle("s-ns-limit");
    env.signal("s-ns-limit", "", "one", "1");

    assertThatThrownBy(() -> env.signal("s-ns-limit", "", "two", "2"))
        .isInstanceOf(SignalLimitExceededException.class);
  }

  @Test
  void signalWithStartStartsANewRunWithTheSignalBeforeItsFirstWorkflowTask() {
    SignalWithStartWorkflowExecutionResponse response = env.signalWithStart.invoke(HistoryTestEnv.NAMESPACE_ID,
        signalWithStart("sws-new").build());
    env.processTransfers();

    assertThat(response.getStarted()).isTrue();
    WorkflowKey key = new WorkflowKey(HistoryTestEnv.NAMESPACE_ID, "sws-new", response.getRunId());
    assertThat(env.eventTypes(key)).containsExactly(EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
        EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    assertThat(env.pollWorkflowTask(key).getHistory().getEvents(1).getWorkflowExecutionSignaledEventAttributes()
        .getSignalName()).isEqualTo("kick");
  }

  @Test
  void signalWithStartSignalsTheRunningRunAndARetryIsAppliedOnce() {
    WorkflowKey key = idle("sws-running");
    SignalWithStartWorkflowExecutionRequest request = signalWithStart("sws-running").build();

    SignalWithStartWorkflowExecutionResponse first = env.signalWithStart.invoke(HistoryTestEnv.NAMESPACE_ID, request);
    SignalWithStartWorkflowExecutionResponse again = env.signalWithStart.invoke(HistoryTestEnv.NAMESPACE_ID, request);

    assertThat(first.getStarted()).isFalse();
    assertThat(first.getRunId()).isEqualTo(key.runId());
    assertThat(again.getRunId()).isEqualTo(key.runId());
    assertThat(env.eventTypes(key).stream().filter(t -> t == EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)).hasSize(1);
  }

  @Test
  void signalWithStartAfterACloseFollowsTheIdReusePolicy() {
    WorkflowKey key = env.startWorkflow("sws-reuse");
    env.completeWorkflowTask(env.pollWorkflowTask(key), completeWorkflow("done"));

    assertThatThrownBy(() -> env.signalWithStart.invoke(HistoryTestEnv.NAMESPACE_ID, signalWithStart("sws-reuse")
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE).build()))
        .isInstanceOf(WorkflowAlreadyStartedException.class);
    SignalWithStartWorkflowExecutionResponse allowed = env.signalWithStart.invoke(HistoryTestEnv.NAMESPACE_ID,
        signalWithStart("sws-reuse").build());
    assertThat(allowed.getStarted()).isTrue();
    assertThat(allowed.getRunId()).isNotEqualTo(key.runId());
    assertThat(env.current("sws-reuse").runId()).isEqualTo(allowed.getRunId());
  }

  private static SignalWorkflowExecutionRequest signalRequest(String workflowId, String name, String requestId) {
    return SignalWorkflowExecutionRequest.newBuilder()
        .setNamespace(HistoryTestEnv.NAMESPACE)
        .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
        .setSignalName(name)
        .setRequestId(requestId)
        .build();
  }

  private static SignalWithStartWorkflowExecutionRequest.Builder signalWithStart(String workflowId) {
    return SignalWithStartWorkflowExecutionRequest.newBuilder()
        .setNamespace(HistoryTestEnv.NAMESPACE)
        .setWorkflowId(workflowId)
        .setWorkflowType(WorkflowType.newBuilder().setName("OrderWorkflow"))
        .setTaskQueue(TaskQueue.newBuilder().setName(HistoryTestEnv.TASK_QUEUE))
        .setRequestId(UUID.randomUUID().toString())
        .setSignalName("kick")
        .setSignalInput(payload("now"));
  }

}
