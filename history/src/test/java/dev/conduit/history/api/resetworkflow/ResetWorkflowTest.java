package dev.conduit.history.api.resetworkflow;

import static dev.conduit.history.testing.Commands.completeWorkflow;
import static dev.conduit.history.testing.Commands.payload;
import static dev.conduit.history.testing.Commands.signalExternal;
import static dev.conduit.history.testing.Commands.startChild;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED;
import static dev.conduit.history.testing.Commands.scheduleActivity;
import static dev.conduit.history.testing.Commands.startTimer;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_FIRED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.history.updates.UpdateProtocol;
import dev.conduit.persistence.execution.HistoryBatch;
import dev.conduit.persistence.execution.WorkflowKey;
import io.temporal.api.command.v1.Command;
import io.temporal.api.command.v1.ProtocolMessageCommandAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.CommandType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.ResetReapplyExcludeType;
import io.temporal.api.enums.v1.UpdateAdmittedEventOrigin;
import io.temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.protocol.v1.Message;
import io.temporal.api.update.v1.Acceptance;
import io.temporal.api.update.v1.Input;
import io.temporal.api.update.v1.Meta;
import io.temporal.api.update.v1.Outcome;
import io.temporal.api.update.v1.Request;
import io.temporal.api.update.v1.Response;
import io.temporal.api.update.v1.WaitPolicy;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.ResetWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedRequest;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reset in history: the new run shares the base's history up to the reset point through a fork, fails the task
 * there with RESET_WORKFLOW, reapplies later signals and updates, keeps the work pending at that point (children and
 * requests to other workflows included, with what became of them in the base), replaces the
 * current run, answers a repeated request with the same run, and refuses a bad point without writing anything.
 */
class ResetWorkflowTest {
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  private ResetWorkflowExecutionRequest.Builder resetRequest(WorkflowKey base, long eventId) {
    return ResetWorkflowExecutionRequest.newBuilder()
        .setNamespace(HistoryTestEnv.NAMESPACE)
        .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(base.workflowId()).setRunId(base.runId()))
        .setWorkflowTaskFinishEventId(eventId)
        .setReason("bad deploy")
        .setRequestId("reset-" + base.runId() + "-" + eventId);
  }

  private WorkflowKey reset(ResetWorkflowExecutionRequest.Builder request) {
    String runId = env.reset.invoke(HistoryTestEnv.NAMESPACE_ID, request.build()).getRunId();
    env.processTransfers();
    return new WorkflowKey(HistoryTestEnv.NAMESPACE_ID, request.getWorkflowExecution().getWorkflowId(), runId);
  }

  /** A run whose first task scheduled an activity and whose second task, for a signal, is in flight: 8 events. */
  private WorkflowKey runWithASecondTaskInFlight(String workflowId) {
    WorkflowKey key = env.startWorkflow(workflowId);
    env.completeWorkflowTask(env.pollWorkflowTask(key), scheduleActivity("charge"));
    env.signal(workflowId, "", "approve", "yes");
    env.processTransfers();
    env.pollWorkflowTask(key);
    assertThat(env.eventTypes(key)).containsExactly(EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
        EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, EVENT_TYPE_WORKFLOW_TASK_STARTED, EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
        EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
        EVENT_TYPE_WORKFLOW_TASK_STARTED);
    return key;
  }

  @Test
  void aSignalTheBaseTakesWhileTheResetReadsItsHistoryIsReappliedToTheNewRun() {
    WorkflowKey base = runWithASecondTaskInFlight("reset-race");
    // the signal lands after the reset read the run and its history, before the reset terminates the run
    env.store.beforeHistoryRead(() -> {
      env.store.beforeHistoryRead(() -> { });
      env.signal("reset-race", base.runId(), "raced", "late");
    });

    WorkflowKey reset = reset(resetRequest(base, 4));

    assertThat(env.events(base)).as("the base took the signal before it was terminated")
        .anyMatch(event -> event.getWorkflowExecutionSignaledEventAttributes().getSignalName().equals("raced"));
    assertThat(env.events(reset)).extracting(event -> event.getWorkflowExecutionSignaledEventAttributes().getSignalName())
        .as("the signals of the new run").containsSubsequence("approve", "raced");
    assertThat(env.replayDifferences(reset)).isEmpty();
  }

  @Test
  void aResetToTheFirstTaskForksItsHistoryReappliesLaterSignalsAndReplacesTheCurrentRun() {
    WorkflowKey base = runWithASecondTaskInFlight("reset-first");
    List<HistoryEvent> baseEvents = env.events(base);

    WorkflowKey reset = reset(resetRequest(base, 4));

    List<HistoryEvent> events = env.events(reset);
    assertThat(events.subList(0, 3)).as("shared with the base").isEqualTo(baseEvents.subList(0, 3));
    assertThat(events).extracting(HistoryEvent::getEventType).containsExactly(EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
        EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, EVENT_TYPE_WORKFLOW_TASK_STARTED, EVENT_TYPE_WORKFLOW_TASK_FAILED,
        EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    var failed = events.get(3).getWorkflowTaskFailedEventAttributes();
    assertThat(failed.getCause()).isEqualTo(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW);
    assertThat(failed.getBaseRunId()).isEqualTo(base.runId());
    assertThat(failed.getNewRunId()).isEqualTo(reset.runId());
    assertThat(failed.getForkEventVersion()).isEqualTo(HistoryTestEnv.VERSION);
    assertThat(failed.getFailure().getMessage()).isEqualTo("bad deploy");
    assertThat(failed.getFailure().hasResetWorkflowFailureInfo()).isTrue();
    assertThat(events.get(4).getWorkflowExecutionSignaledEventAttributes().getSignalName()).isEqualTo("approve");
    assertThat(events.get(4).getWorkflowExecutionSignaledEventAttributes().getInput()).isEqualTo(payload("yes"));

    assertThat(env.current("reset-first")).isEqualTo(reset);
    HistoryEvent terminated = env.events(base).get(env.events(base).size() - 1);
    assertThat(terminated.getEventType()).isEqualTo(EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
    assertThat(terminated.getWorkflowExecutionTerminatedEventAttributes().getReason()).isEqualTo("bad deploy");
    assertThat(env.state(reset).getActivitiesMap()).as("scheduled after the reset point").isEmpty();
    assertThat(env.replayDifferences(reset)).isEmpty();

    // the new run's task goes to the workflow's queue, with the whole history from event 1
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(reset);
    assertThat(task.getHistory().getEvents(0).getEventId()).isEqualTo(1);
    assertThat(task.getHistory().getEventsList()).extracting(HistoryEvent::getEventType)
        .endsWith(EVENT_TYPE_WORKFLOW_TASK_FAILED, EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
            EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, EVENT_TYPE_WORKFLOW_TASK_STARTED);
  }

  @Test
  void aPostResetSignalIsWrittenToTheNewRunAfterTheReappliedOnes() {
    WorkflowKey base = runWithASecondTaskInFlight("reset-post-signal");

    WorkflowKey reset = reset(resetRequest(base, 4).setIdentity("operator").addPostResetOperations(
        io.temporal.api.workflow.v1.PostResetOperation.newBuilder().setSignalWorkflow(
            io.temporal.api.workflow.v1.PostResetOperation.SignalWorkflow.newBuilder().setSignalName("redo")
                .setInput(payload("again")))));

    List<HistoryEvent> events = env.events(reset);
    assertThat(events).extracting(HistoryEvent::getEventType).containsExactly(EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
        EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, EVENT_TYPE_WORKFLOW_TASK_STARTED, EVENT_TYPE_WORKFLOW_TASK_FAILED,
        EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    var reapplied = events.get(4).getWorkflowExecutionSignaledEventAttributes();
    var posted = events.get(5).getWorkflowExecutionSignaledEventAttributes();
    assertThat(reapplied.getSignalName()).isEqualTo("approve");
    assertThat(posted.getSignalName()).isEqualTo("redo");
    assertThat(posted.getInput()).isEqualTo(payload("again"));
    assertThat(posted.getIdentity()).isEqualTo("operator");
    assertThat(env.replayDifferences(reset)).isEmpty();
  }

  @Test
  void aResetOfAnEarlierRunOfAChainReappliesTheSignalsItsLaterRunsReceived() {
    WorkflowKey base = env.startWorkflow("reset-chain");
    env.completeWorkflowTask(env.pollWorkflowTask(base), dev.conduit.history.testing.Commands.continueAsNew("next"));
    env.processTransfers();
    WorkflowKey second = env.current("reset-chain");
    assertThat(second.runId()).isNotEqualTo(base.runId());
    env.signal("reset-chain", second.runId(), "late", "from the second run");
    env.processTransfers();

    WorkflowKey reset = reset(resetRequest(base, 4));

    List<HistoryEvent> signals = env.events(reset).stream()
        .filter(e -> e.getEventType() == EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED).toList();
    assertThat(signals).extracting(e -> e.getWorkflowExecutionSignaledEventAttributes().getSignalName())
        .containsExactly("late");
    assertThat(signals.get(0).getWorkflowExecutionSignaledEventAttributes().getInput())
        .isEqualTo(payload("from the second run"));
    assertThat(env.current("reset-chain")).isEqualTo(reset);
    assertThat(env.eventTypes(second)).as("the current run of the chain is terminated")
        .endsWith(EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
    assertThat(env.replayDifferences(reset)).isEmpty();
  }

  @Test
  void workPendingAtTheResetPointGoesOnInTheNewRun() {
    WorkflowKey base = env.startWorkflow("reset-pending");
    env.completeWorkflowTask(env.pollWorkflowTask(base), scheduleActivity("charge"),
        startTimer("reminder", Duration.ofHours(1)));
    env.signal("reset-pending", "", "approve", "yes");
    env.processTransfers();
    env.completeWorkflowTask(env.pollWorkflowTask(base));
    long secondCompleted = env.events(base).stream()
        .filter(e -> e.getEventType() == EVENT_TYPE_WORKFLOW_TASK_COMPLETED).skip(1).findFirst().orElseThrow()
        .getEventId();
    int activityDispatches = env.matching.activityTasks().size();

    WorkflowKey reset = reset(resetRequest(base, secondCompleted));

    assertThat(env.eventTypes(reset)).contains(EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, EVENT_TYPE_TIMER_STARTED);
    assertThat(env.eventTypes(reset)).filteredOn(EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED::equals)
        .as("the signal came before the reset point: it is in the shared history, not reapplied").hasSize(1);
    assertThat(env.matching.activityTasks()).hasSize(activityDispatches + 1);
    assertThat(env.lastActivityDispatch(reset).getScheduledEventId()).isEqualTo(5);
    assertThat(env.state(reset).getTimersMap()).containsKey("reminder");
    assertThat(env.replayDifferences(reset)).isEmpty();

    env.completeWorkflowTask(env.pollWorkflowTask(reset));
    env.advance(Duration.ofHours(1));
    assertThat(env.eventTypes(reset)).contains(EVENT_TYPE_TIMER_FIRED);
    assertThat(env.eventTypes(base)).as("the terminated base fires nothing").doesNotContain(EVENT_TYPE_TIMER_FIRED);
  }

  @Test
  void aRepeatedRequestAnswersTheRunItMadeAndWritesNothingMore() {
    WorkflowKey base = runWithASecondTaskInFlight("reset-again");
    WorkflowKey first = reset(resetRequest(base, 4));
    int events = env.events(first).size();

    WorkflowKey again = reset(resetRequest(base, 4));

    assertThat(again).isEqualTo(first);
    assertThat(env.events(first)).hasSize(events);
    assertThat(env.current("reset-again")).isEqualTo(first);
  }

  @Test
  void aBadResetPointIsRefusedAndChangesNothing() {
    WorkflowKey base = runWithASecondTaskInFlight("reset-bad");
    List<HistoryEvent> before = env.events(base);

    for (long eventId : new long[] {1, 9, 6}) {
      assertThatThrownBy(() -> reset(resetRequest(base, eventId)))
          .as("event id " + eventId).isInstanceOf(InvalidRequestException.class);
    }
    assertThatThrownBy(() -> reset(resetRequest(base, 6))).hasMessage(
        "Can only reset workflow to event ID in range [WorkflowTaskScheduled +1, WorkflowTaskStarted + 1]: 6");
    assertThatThrownBy(() -> reset(resetRequest(base, 9)))
        .hasMessage("Workflow task finish ID must be > 1 && <= workflow last event ID.");

    assertThat(env.events(base)).isEqualTo(before);
    assertThat(env.current("reset-bad")).isEqualTo(base);
    assertThat(env.state(base).getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING_VALUE);
  }

  @Test
  void aPointRightAfterAScheduledTaskStartsThatTaskBeforeFailingIt() {
    WorkflowKey base = runWithASecondTaskInFlight("reset-scheduled");

    // event 8 is the second task's started event: the point ends the scheduled task 7 (with the signal before it)
    WorkflowKey reset = reset(resetRequest(base, 8));

    assertThat(env.eventTypes(reset).subList(5, env.eventTypes(reset).size())).containsExactly(
        EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, EVENT_TYPE_WORKFLOW_TASK_STARTED,
        EVENT_TYPE_WORKFLOW_TASK_FAILED, EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    assertThat(env.replayDifferences(reset)).isEmpty();
  }

  @Test
  void aPointInsideABatchCopiesThatBatchsEventsBeforeItOntoTheFork() {
    WorkflowKey base = env.startWorkflow("reset-batch");
    env.completeWorkflowTask(env.pollWorkflowTask(base));
    env.signal("reset-batch", "", "approve", "yes");
    env.processTransfers();
    PollWorkflowTaskQueueResponse failing = env.pollWorkflowTask(base);
    env.respondWorkflowTaskFailed.invoke(HistoryTestEnv.NAMESPACE_ID, RespondWorkflowTaskFailedRequest.newBuilder()
        .setTaskToken(failing.getTaskToken()).setIdentity("worker-1").build());
    env.processTransfers();
    // the retried (transient) task writes its scheduled and started events with its completion, in one batch
    env.completeWorkflowTask(env.pollWorkflowTask(base));
    List<HistoryEvent> baseEvents = env.events(base);
    HistoryEvent retriedCompleted = baseEvents.get(baseEvents.size() - 1);
    assertThat(retriedCompleted.getEventType()).isEqualTo(EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    HistoryBatch holding = env.store.batches(base).stream()
        .filter(b -> b.firstEventId() < retriedCompleted.getEventId() && b.lastEventId() >= retriedCompleted.getEventId())
        .findFirst().orElseThrow();

    WorkflowKey reset = reset(resetRequest(base, retriedCompleted.getEventId()));

    List<HistoryEvent> events = env.events(reset);
    assertThat(events.subList(0, (int) retriedCompleted.getEventId() - 1))
        .isEqualTo(baseEvents.subList(0, (int) retriedCompleted.getEventId() - 1));
    assertThat(events.get((int) retriedCompleted.getEventId() - 1).getEventType()).isEqualTo(EVENT_TYPE_WORKFLOW_TASK_FAILED);
    assertThat(env.store.batches(reset)).as("the run's own batch starts where the base's holding the point did")
        .filteredOn(b -> b.firstEventId() == holding.firstEventId())
        .singleElement().extracting(HistoryBatch::lastEventId).isEqualTo((long) events.size());
    assertThat(env.replayDifferences(reset)).isEmpty();
  }

  @Test
  void excludedSignalsAreNotReapplied() {
    WorkflowKey base = runWithASecondTaskInFlight("reset-exclude");

    WorkflowKey reset = reset(resetRequest(base, 4)
        .addResetReapplyExcludeTypes(ResetReapplyExcludeType.RESET_REAPPLY_EXCLUDE_TYPE_SIGNAL));

    assertThat(env.eventTypes(reset)).doesNotContain(EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
    assertThat(env.eventTypes(reset)).endsWith(EVENT_TYPE_WORKFLOW_TASK_FAILED, EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
  }

  @Test
  void anAcceptedUpdateIsReappliedAsAdmittedAndItsAcceptanceNamesThatEvent() {
    WorkflowKey base = env.startWorkflow("reset-update");
    env.completeWorkflowTask(env.pollWorkflowTask(base));
    Request request = Request.newBuilder()
        .setMeta(Meta.newBuilder().setUpdateId("u1").setIdentity("client"))
        .setInput(Input.newBuilder().setName("add").setArgs(payload("5")))
        .build();
    env.update.update(HistoryTestEnv.NAMESPACE_ID, UpdateWorkflowExecutionRequest.newBuilder()
        .setNamespace(HistoryTestEnv.NAMESPACE)
        .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(base.workflowId()))
        .setWaitPolicy(WaitPolicy.newBuilder()
            .setLifecycleStage(UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED))
        .setRequest(request)
        .build(), Duration.ofMillis(500));
    env.processTransfers();
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(base);
    complete(task, acceptance("u1", task.getStartedEventId() - 1), response("u1"));
    assertThat(env.eventTypes(base)).contains(EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);

    WorkflowKey reset = reset(resetRequest(base, 4));

    HistoryEvent admitted = env.events(reset).get(4);
    assertThat(admitted.getEventType()).isEqualTo(EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED);
    assertThat(admitted.getWorkflowExecutionUpdateAdmittedEventAttributes().getRequest()).isEqualTo(request);
    assertThat(admitted.getWorkflowExecutionUpdateAdmittedEventAttributes().getOrigin())
        .isEqualTo(UpdateAdmittedEventOrigin.UPDATE_ADMITTED_EVENT_ORIGIN_REAPPLY);
    PollWorkflowTaskQueueResponse next = env.pollWorkflowTask(reset);
    assertThat(next.getMessagesList()).as("the SDK reads the request from the admitted event").isEmpty();

    complete(next, acceptance("u1", admitted.getEventId()), response("u1"));

    List<HistoryEvent> events = env.events(reset);
    HistoryEvent accepted = events.stream()
        .filter(e -> e.getEventType() == EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED).findFirst().orElseThrow();
    assertThat(accepted.getWorkflowExecutionUpdateAcceptedEventAttributes().hasAcceptedRequest()).isFalse();
    assertThat(accepted.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequestSequencingEventId())
        .isEqualTo(admitted.getEventId());
    assertThat(env.state(reset).getUpdatesMap().get("u1").getCompletedEventId()).isPositive();
    assertThat(env.replayDifferences(reset)).isEmpty();
  }

  /**
   * A run whose first task initiated {@code command} (event 5) and whose second task completed after the command's
   * outcome came back (event 10, flushed after WorkflowTaskCompleted 9): the reset point 9 lies between them.
   */
  private WorkflowKey runWhoseCommandsOutcomeCameAfterThePoint(String workflowId, Command command) {
    WorkflowKey key = env.startWorkflow(workflowId);
    // the command's transfer task waits in the queue
    env.respondWorkflowTaskCompleted.invoke(HistoryTestEnv.NAMESPACE_ID,
        env.completion(env.pollWorkflowTask(key), command).build());
    env.signal(workflowId, "", "poke", "x");
    PollWorkflowTaskQueueResponse second = env.takeScheduledWorkflowTask(key);
    env.settle(); // the command's transfer task runs while the second task is in flight: its outcome is buffered
    env.completeWorkflowTask(second);
    assertThat(env.eventTypes(key).subList(8, 10)).as("events 9 and 10 of " + env.eventTypes(key))
        .containsExactly(EVENT_TYPE_WORKFLOW_TASK_COMPLETED, env.events(key).get(9).getEventType());
    return key;
  }

  @Test
  void aChildInitiatedBeforeThePointIsCarriedOverItsStartReappliedAndItsCloseReachesTheNewRun() {
    WorkflowKey base = runWhoseCommandsOutcomeCameAfterThePoint("reset-parent", startChild("reset-child"));
    WorkflowKey child = env.current("reset-child");
    assertThat(env.events(base).get(9).getEventType()).isEqualTo(EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED);

    WorkflowKey reset = reset(resetRequest(base, 9));
    env.settle();

    HistoryEvent terminated = env.events(base).get(env.events(base).size() - 1);
    assertThat(terminated.getWorkflowExecutionTerminatedEventAttributes().getIdentity()).isEqualTo("history-resetter");
    assertThat(terminated.getLinks(0).getWorkflowEvent().getRunId()).isEqualTo(reset.runId());
    HistoryEvent started = env.events(reset).stream()
        .filter(event -> event.getEventType() == EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED).findFirst().orElseThrow();
    assertThat(started.getChildWorkflowExecutionStartedEventAttributes().getWorkflowExecution().getRunId())
        .as("the child the base started, recorded again in the new run").isEqualTo(child.runId());
    assertThat(env.events(reset).get((int) started.getEventId() - 2).getEventType())
        .as("recorded by the reset's own write, right after its WorkflowTaskFailed, not by a second start")
        .isEqualTo(EVENT_TYPE_WORKFLOW_TASK_FAILED);
    assertThat(env.eventTypes(child)).as("the base's close policy (terminate) spares the carried-over child")
        .doesNotContain(EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);

    env.completeWorkflowTask(env.pollWorkflowTask(reset));
    env.completeWorkflowTask(env.pollWorkflowTask(child), completeWorkflow("done"));
    env.settle();

    assertThat(env.eventTypes(reset)).as("the child reported to the base, which passed it on")
        .contains(EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED);
    assertThat(env.state(reset).getChildExecutionsCount()).isZero();
    assertThat(env.replayDifferences(reset)).isEmpty();
  }

  @Test
  void aChildNotYetStartedAtTheResetIsStartedOnceWithTheNewRunAsItsParent() {
    WorkflowKey base = env.startWorkflow("reset-parent-2");
    PollWorkflowTaskQueueResponse first = env.pollWorkflowTask(base);
    env.signal("reset-parent-2", "", "poke", "x");
    // the child's start waits in the transfer queue while the reset happens
    env.respondWorkflowTaskCompleted.invoke(HistoryTestEnv.NAMESPACE_ID,
        env.completion(first, startChild("reset-child-2")).build());
    long secondStarted = env.takeScheduledWorkflowTask(base).getStartedEventId();
    assertThat(env.state(base).getChildExecutionsMap()).hasSize(1);

    // the point right after the second task's scheduled event, after the child's initiated event
    String resetRunId = env.reset.invoke(HistoryTestEnv.NAMESPACE_ID, resetRequest(base, secondStarted).build())
        .getRunId();
    WorkflowKey reset = new WorkflowKey(base.namespaceId(), base.workflowId(), resetRunId);
    env.settle();

    WorkflowKey child = env.current("reset-child-2");
    assertThat(env.events(child).get(0).getWorkflowExecutionStartedEventAttributes().getParentWorkflowExecution()
        .getRunId()).isEqualTo(reset.runId());
    assertThat(env.events(child).get(0).getWorkflowExecutionStartedEventAttributes().getInput())
        .as("the start request rebuilt from the initiated event").isEqualTo(payload("child-input"));
    assertThat(env.eventTypes(reset)).filteredOn(EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED::equals).hasSize(1);
    assertThat(env.eventTypes(base)).doesNotContain(EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED);
    assertThat(env.replayDifferences(reset)).isEmpty();
  }

  @Test
  void aSignalToAnotherWorkflowTheBaseDeliveredAfterThePointIsRecordedInTheNewRunAndNotSentAgain() {
    WorkflowKey target = env.startWorkflow("reset-target");
    WorkflowKey base = runWhoseCommandsOutcomeCameAfterThePoint("reset-sender",
        signalExternal("reset-target", "ping", false));
    assertThat(env.events(base).get(9).getEventType()).isEqualTo(EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED);

    WorkflowKey reset = reset(resetRequest(base, 9));
    env.settle();

    assertThat(env.eventTypes(reset)).filteredOn(EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED::equals).hasSize(1);
    List<EventType> types = env.eventTypes(reset);
    assertThat(types.get(types.indexOf(EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED) - 1))
        .as("recorded by the reset's own write, right after its WorkflowTaskFailed, not by a second delivery")
        .isEqualTo(EVENT_TYPE_WORKFLOW_TASK_FAILED);
    assertThat(env.state(reset).getExternalSignalsCount()).isZero();
    assertThat(env.events(target)).filteredOn(event -> event.getEventType() == EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
        .as("the target took the signal once").hasSize(1);
    assertThat(env.replayDifferences(reset)).isEmpty();
  }

  private void complete(PollWorkflowTaskQueueResponse task, Acceptance acceptance, Response response) {
    env.respondWorkflowTaskCompleted.invoke(HistoryTestEnv.NAMESPACE_ID, env.completion(task,
            protocolMessage("accept"), protocolMessage("respond"))
        .addMessages(message("accept", acceptance))
        .addMessages(message("respond", response))
        .build());
    env.processTransfers();
  }

  private static Acceptance acceptance(String updateId, long sequencingEventId) {
    return Acceptance.newBuilder().setAcceptedRequestMessageId(UpdateProtocol.requestMessageId(updateId))
        .setAcceptedRequestSequencingEventId(sequencingEventId).build();
  }

  private static Response response(String updateId) {
    return Response.newBuilder().setMeta(Meta.newBuilder().setUpdateId(updateId))
        .setOutcome(Outcome.newBuilder().setSuccess(payload("10"))).build();
  }

  private static Message message(String id, com.google.protobuf.Message body) {
    return Message.newBuilder().setId(id).setProtocolInstanceId("u1").setBody(Any.pack(body)).build();
  }

  private static Command protocolMessage(String messageId) {
    return Command.newBuilder().setCommandType(CommandType.COMMAND_TYPE_PROTOCOL_MESSAGE)
        .setProtocolMessageCommandAttributes(ProtocolMessageCommandAttributes.newBuilder().setMessageId(messageId))
        .build();
  }
}
