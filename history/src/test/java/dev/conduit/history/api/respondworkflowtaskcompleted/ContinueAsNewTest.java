package dev.conduit.history.api.respondworkflowtaskcompleted;

import static dev.conduit.history.testing.Commands.completeWorkflow;
import static dev.conduit.history.testing.Commands.continueAsNew;
import static dev.conduit.history.testing.Commands.payload;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.persistence.execution.WorkflowKey;
import io.temporal.api.command.v1.ContinueAsNewWorkflowExecutionCommandAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionContinuedAsNewEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ContinueAsNewWorkflowExecution: the run closes CONTINUED_AS_NEW and the chain goes on in a new run. */
class ContinueAsNewTest {
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void continueAsNewClosesTheRunAndStartsTheNextRunOfTheChain() {
    WorkflowKey first = env.startWorkflow(env.startRequest("can-1")
        .setWorkflowExecutionTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(3600)));

    env.completeWorkflowTask(env.pollWorkflowTask(first), continueAsNew("round-2"));

    assertThat(env.state(first).getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW_VALUE);
    HistoryEvent close = env.events(first).get(env.events(first).size() - 1);
    assertThat(close.getEventType()).isEqualTo(EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    WorkflowExecutionContinuedAsNewEventAttributes continued = close.getWorkflowExecutionContinuedAsNewEventAttributes();
    assertThat(continued.getWorkflowType().getName()).isEqualTo("OrderWorkflow");
    assertThat(continued.getTaskQueue().getName()).isEqualTo(HistoryTestEnv.TASK_QUEUE);

    WorkflowKey second = env.current("can-1");
    assertThat(second.runId()).isEqualTo(continued.getNewExecutionRunId());
    assertThat(env.eventTypes(second)).containsExactly(EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
        EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    WorkflowExecutionStartedEventAttributes started = env.events(second).get(0).getWorkflowExecutionStartedEventAttributes();
    assertThat(started.getContinuedExecutionRunId()).isEqualTo(first.runId());
    assertThat(started.getFirstExecutionRunId()).isEqualTo(first.runId());
    assertThat(started.getInput()).isEqualTo(payload("round-2"));
    assertThat(started.getWorkflowExecutionExpirationTime())
        .as("the chain keeps its execution deadline")
        .isEqualTo(env.state(first).getExecutionInfo().getExecutionExpirationTime());
    assertThat(env.lastWorkflowDispatch(second).getScheduledEventId()).isEqualTo(2);

    env.completeWorkflowTask(env.pollWorkflowTask(second), completeWorkflow("done"));
    assertThat(env.state(second).getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED_VALUE);
  }

  @Test
  void theCloseEventOfTheOldRunNamesTheNewRunForClientsFollowingTheChain() {
    WorkflowKey first = env.startWorkflow("can-follow");
    CompletableFuture<GetWorkflowExecutionHistoryResponse> waiting = env.history.invoke(HistoryTestEnv.NAMESPACE_ID,
        GetWorkflowExecutionHistoryRequest.newBuilder()
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId("can-follow").setRunId(first.runId()))
            .setWaitNewEvent(true)
            .setHistoryEventFilterType(HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT)
            .build(), Duration.ofSeconds(10));

    env.completeWorkflowTask(env.pollWorkflowTask(first), continueAsNew("next"));

    HistoryEvent close = waiting.join().getHistory().getEvents(0);
    assertThat(close.getEventType()).isEqualTo(EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    assertThat(close.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId())
        .isEqualTo(env.current("can-follow").runId());
  }

  @Test
  void aSuccessorLostToACrashIsCreatedByTheCloseTaskAndWaitersSeeTheCloseOnlyThen() {
    WorkflowKey first = env.startWorkflow("can-crash");
    AtomicBoolean failCreates = new AtomicBoolean(true);
    env.store.beforeWrite(write -> {
      if (failCreates.get() && write.snapshot().nextEventId() == 3 && !write.snapshot().key().runId().equals(first.runId())) {
        throw new IllegalStateException("crash before the successor is written (test)");
      }
    });
    // The closing call's own attempt at the successor fails: the close is committed, the successor is not.
    env.respondWorkflowTaskCompleted.invoke(HistoryTestEnv.NAMESPACE_ID,
        env.completion(env.pollWorkflowTask(first), continueAsNew("next")).build());
    assertThat(env.current("can-crash").runId()).isEqualTo(first.runId());
    CompletableFuture<GetWorkflowExecutionHistoryResponse> waiting = env.history.invoke(HistoryTestEnv.NAMESPACE_ID,
        GetWorkflowExecutionHistoryRequest.newBuilder()
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId("can-crash").setRunId(first.runId()))
            .setWaitNewEvent(true)
            .setHistoryEventFilterType(HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT)
            .build(), Duration.ofSeconds(10));
    assertThat(waiting).as("the close names a run that does not exist yet").isNotDone();

    failCreates.set(false);
    env.processTransfers();

    assertThat(env.current("can-crash").runId()).isNotEqualTo(first.runId());
    assertThat(waiting.join().getHistory().getEvents(0).getWorkflowExecutionContinuedAsNewEventAttributes()
        .getNewExecutionRunId()).isEqualTo(env.current("can-crash").runId());
  }

  @Test
  void timeoutsAndBackoffOfTheCommandApplyToTheNewRun() {
    WorkflowKey first = env.startWorkflow("can-backoff");
    env.completeWorkflowTask(env.pollWorkflowTask(first), continueAsNew(ContinueAsNewWorkflowExecutionCommandAttributes
        .newBuilder()
        .setInput(payload("later"))
        .setWorkflowRunTimeout(ProtoTime.duration(Duration.ofMinutes(5)))
        .setBackoffStartInterval(ProtoTime.duration(Duration.ofSeconds(30)))));
    WorkflowKey second = env.current("can-backoff");
    int dispatchesBefore = env.matching.workflowTasks().size();

    assertThat(env.eventTypes(second)).containsExactly(EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
    WorkflowExecutionStartedEventAttributes started = env.events(second).get(0).getWorkflowExecutionStartedEventAttributes();
    assertThat(started.getWorkflowRunTimeout()).isEqualTo(ProtoTime.duration(Duration.ofMinutes(5)));
    assertThat(started.getFirstWorkflowTaskBackoff()).isEqualTo(ProtoTime.duration(Duration.ofSeconds(30)));

    env.advance(Duration.ofSeconds(31));
    assertThat(env.matching.workflowTasks()).hasSize(dispatchesBefore + 1);
    assertThat(env.eventTypes(second)).containsExactly(EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
        EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
  }
}
