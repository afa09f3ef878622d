package dev.conduit.history.api.respondworkflowtaskcompleted;

import static dev.conduit.history.testing.Commands.completeWorkflow;
import static dev.conduit.history.testing.Commands.failWorkflow;
import static dev.conduit.history.testing.Commands.retry;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.history.testing.Commands;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.persistence.execution.WorkflowKey;
import io.temporal.api.command.v1.Command;
import io.temporal.api.command.v1.FailWorkflowExecutionCommandAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.CommandType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.enums.v1.ContinueAsNewInitiator;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Workflow retry policies: a failed or timed-out run is followed by the next attempt, until the policy stops. */
class WorkflowRetryTest {
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  private WorkflowKey startWithRetries(String workflowId, int maxAttempts) {
    return env.startWorkflow(env.startRequest(workflowId)
        .setRetryPolicy(retry(Duration.ofSeconds(2), 2.0, Duration.ofSeconds(10), maxAttempts)
            .toBuilder().addNonRetryableErrorTypes("Fatal")));
  }

  private static HistoryEvent closeEvent(HistoryTestEnv env, WorkflowKey key) {
    List<HistoryEvent> events = env.events(key);
    return events.get(events.size() - 1);
  }

  @Test
  void aFailedRunIsRetriedAfterTheBackoffUntilTheAttemptsRunOut() {
    WorkflowKey first = startWithRetries("wr-1", 2);
    env.completeWorkflowTask(env.pollWorkflowTask(first), failWorkflow("first try"));

    HistoryEvent failed = closeEvent(env, first);
    assertThat(failed.getWorkflowExecutionFailedEventAttributes().getRetryState())
        .isEqualTo(RetryState.RETRY_STATE_IN_PROGRESS);
    WorkflowKey second = env.current("wr-1");
    assertThat(failed.getWorkflowExecutionFailedEventAttributes().getNewExecutionRunId()).isEqualTo(second.runId());
    assertThat(env.state(first).getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED_VALUE);
    WorkflowExecutionStartedEventAttributes started = env.events(second).get(0).getWorkflowExecutionStartedEventAttributes();
    assertThat(started.getAttempt()).isEqualTo(2);
    assertThat(started.getInitiator()).isEqualTo(ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_RETRY);
    assertThat(started.getContinuedFailure().getMessage()).isEqualTo("first try");
    assertThat(started.getInput()).isEqualTo(Commands.payload("input"));
    assertThat(started.getFirstWorkflowTaskBackoff()).isEqualTo(ProtoTime.duration(Duration.ofSeconds(2)));
    assertThat(env.eventTypes(second)).containsExactly(EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
    HistoryEvent forClients = env.history.invoke(HistoryTestEnv.NAMESPACE_ID, GetWorkflowExecutionHistoryRequest
        .newBuilder()
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId("wr-1").setRunId(first.runId()))
        .setWaitNewEvent(true)
        .setHistoryEventFilterType(HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT)
        .build(), Duration.ofSeconds(5)).join().getHistory().getEvents(0);
    assertThat(forClients.getEventType()).as("clients follow retries like continue-as-new")
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    assertThat(forClients.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId())
        .isEqualTo(second.runId());

    env.advance(Duration.ofSeconds(3));
    assertThat(env.eventTypes(second)).containsExactly(EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
        EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    env.completeWorkflowTask(env.pollWorkflowTask(second), failWorkflow("second try"));

    assertThat(closeEvent(env, second).getWorkflowExecutionFailedEventAttributes().getRetryState())
        .isEqualTo(RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED);
    assertThat(env.current("wr-1").runId()).isEqualTo(second.runId());
  }

  @Test
  void aNonRetryableErrorTypeIsNotRetried() {
    WorkflowKey first = startWithRetries("wr-2", 5);
    Command fatal = Command.newBuilder().setCommandType(CommandType.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION)
        .setFailWorkflowExecutionCommandAttributes(FailWorkflowExecutionCommandAttributes.newBuilder()
            .setFailure(Commands.applicationFailure("no hope", "Fatal", false)))
        .build();
    env.completeWorkflowTask(env.pollWorkflowTask(first), fatal);

    assertThat(closeEvent(env, first).getWorkflowExecutionFailedEventAttributes().getRetryState())
        .isEqualTo(RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE);
    assertThat(env.current("wr-2").runId()).isEqualTo(first.runId());
  }

  @Test
  void withoutARetryPolicyAFailureIsFinal() {
    WorkflowKey key = env.startWorkflow("wr-3");
    env.completeWorkflowTask(env.pollWorkflowTask(key), failWorkflow("done for"));

    assertThat(closeEvent(env, key).getWorkflowExecutionFailedEventAttributes().getRetryState())
        .isEqualTo(RetryState.RETRY_STATE_RETRY_POLICY_NOT_SET);
    assertThat(env.state(key).hasSuccessor()).isFalse();
  }

  @Test
  void aRunTimeoutIsRetriedWhileTheExecutionDeadlineAllows() {
    WorkflowKey first = env.startWorkflow(env.startRequest("wr-4")
        .setWorkflowRunTimeout(ProtoTime.duration(Duration.ofSeconds(10)))
        .setRetryPolicy(retry(Duration.ofSeconds(1), 1.0, Duration.ofSeconds(1), 3)));

    env.advance(Duration.ofSeconds(11));

    HistoryEvent timedOut = closeEvent(env, first);
    assertThat(timedOut.getWorkflowExecutionTimedOutEventAttributes().getRetryState())
        .isEqualTo(RetryState.RETRY_STATE_IN_PROGRESS);
    WorkflowKey second = env.current("wr-4");
    assertThat(second.runId()).isEqualTo(timedOut.getWorkflowExecutionTimedOutEventAttributes().getNewExecutionRunId());
    env.advance(Duration.ofSeconds(2));
    env.completeWorkflowTask(env.pollWorkflowTask(second), completeWorkflow("made it"));
    assertThat(env.state(second).getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED_VALUE);
  }
}
