package dev.conduit.history.workflow;

import dev.conduit.history.tasks.TimerTaskType;
import dev.conduit.history.tasks.TransferTaskType;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.proto.persistence.v1.ExecutionInfo;
import dev.conduit.proto.persistence.v1.SuccessorRun;
import dev.conduit.proto.persistence.v1.TimerTaskData;
import dev.conduit.proto.persistence.v1.TransferTaskData;
import io.temporal.api.common.v1.Link;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.ContinueAsNewInitiator;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.failure.v1.TimeoutFailureInfo;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionCanceledEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionCompletedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionContinuedAsNewEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionFailedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionTerminatedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionTimedOutEventAttributes;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import java.time.Instant;
import java.util.UUID;

/**
 * Closing a run.
 *
 * <pre>
 * RUNNING --complete | fail | cancel | continueAsNew (commands) | timeOut (timer) | terminate--> CLOSED
 * </pre>
 *
 * <p>A closed run schedules nothing more: its workflow task is dropped, and every later task handler
 * sees it closed and does nothing. A failure or run timeout that the workflow's retry policy retries,
 * and a continue-as-new, name a successor run in the close event; the close transfer task (or the
 * closing call itself, sooner) creates it.
 *
 * <p>The public methods decide (check the move, build the events); the package-private {@code apply...}
 * functions, called through {@link MutableStateApplier}, are the only code that changes this state for an
 * event and derives its tasks.
 */
public final class WorkflowLifecycle {

  enum State { RUNNING, CLOSED }

  enum Action { COMPLETE, FAIL, CANCEL, CONTINUE_AS_NEW, TIME_OUT, TERMINATE }

  static final TransitionTable<State, Action> TABLE = TransitionTable
      .builder("workflow", State.class, Action.class)
      .add(State.RUNNING, Action.COMPLETE, State.CLOSED)
      .add(State.RUNNING, Action.FAIL, State.CLOSED)
      .add(State.RUNNING, Action.CANCEL, State.CLOSED)
      .add(State.RUNNING, Action.CONTINUE_AS_NEW, State.CLOSED)
      .add(State.RUNNING, Action.TIME_OUT, State.CLOSED)
      .add(State.RUNNING, Action.TERMINATE, State.CLOSED)
      .build();

  private WorkflowLifecycle() {}

  static State stateOf(MutableState state) {
    return state.isRunning() ? State.RUNNING : State.CLOSED;
  }

  /** CompleteWorkflowExecution command; the workflow task was completed just before. */
  public static void complete(WorkflowTransaction tx, long workflowTaskCompletedEventId, Payloads result) {
    TABLE.next(stateOf(tx.state()), Action.COMPLETE);
    tx.append(EventFactory.workflowExecutionCompleted(
        WorkflowExecutionCompletedEventAttributes.newBuilder()
            .setResult(result)
            .setWorkflowTaskCompletedEventId(workflowTaskCompletedEventId)
            .build()));
  }

  /** FailWorkflowExecution command: retried per the workflow's retry policy (a new run), or final. */
  public static void fail(WorkflowTransaction tx, long workflowTaskCompletedEventId, Failure failure) {
    TABLE.next(stateOf(tx.state()), Action.FAIL);
    WorkflowRetries.Decision retry = WorkflowRetries.decide(tx, failure);
    WorkflowExecutionFailedEventAttributes.Builder attributes = WorkflowExecutionFailedEventAttributes.newBuilder()
        .setFailure(failure)
        .setRetryState(retry.state())
        .setWorkflowTaskCompletedEventId(workflowTaskCompletedEventId);
    if (retry.retries()) {
      attributes.setNewExecutionRunId(retry.successor().getRunId());
    }
    tx.append(EventFactory.workflowExecutionFailed(attributes.build()));
    if (retry.retries()) {
      tx.state().setSuccessor(retry.successor());
    }
  }

  /** CancelWorkflowExecution command: the workflow accepted a cancellation request. */
  public static void cancel(WorkflowTransaction tx, long workflowTaskCompletedEventId, Payloads details) {
    TABLE.next(stateOf(tx.state()), Action.CANCEL);
    tx.append(EventFactory.workflowExecutionCanceled(WorkflowExecutionCanceledEventAttributes
        .newBuilder()
        .setDetails(details)
        .setWorkflowTaskCompletedEventId(workflowTaskCompletedEventId)
        .build()));
  }

  /**
   * ContinueAsNewWorkflowExecution command, with attributes already completed from the current run;
   * {@code next} starts the successor named in them.
   */
  public static void continueAsNew(WorkflowTransaction tx, WorkflowExecutionContinuedAsNewEventAttributes attributes,
      StartWorkflowExecutionRequest next) {
    TABLE.next(stateOf(tx.state()), Action.CONTINUE_AS_NEW);
    tx.append(EventFactory.workflowExecutionContinuedAsNew(attributes));
    SuccessorRun.Builder successor = SuccessorRun.newBuilder()
        .setRunId(attributes.getNewExecutionRunId())
        .setStartRequest(next.toByteString())
        .setInitiator(attributes.getInitiatorValue())
        .setAttempt(1)
        .setBackoff(attributes.getBackoffStartInterval());
    if (attributes.hasLastCompletionResult()) {
      successor.setLastCompletionResult(attributes.getLastCompletionResult().toByteString());
    }
    if (attributes.hasFailure()) {
      successor.setContinuedFailure(attributes.getFailure().toByteString());
    }
    tx.state().setSuccessor(successor.build());
  }

  /**
   * The run or execution timeout passed. A run timeout before the execution deadline is retried when
   * the workflow's retry policy allows, as Temporal does.
   */
  public static void timeOut(WorkflowTransaction tx) {
    TABLE.next(stateOf(tx.state()), Action.TIME_OUT);
    closeWorkflowTask(tx);
    WorkflowRetries.Decision retry = executionExpired(tx)
        ? WorkflowRetries.noRetry(RetryState.RETRY_STATE_TIMEOUT)
        : WorkflowRetries.decide(tx, timeoutFailure());
    WorkflowExecutionTimedOutEventAttributes.Builder attributes = WorkflowExecutionTimedOutEventAttributes.newBuilder()
        .setRetryState(retry.retries() ? retry.state() : RetryState.RETRY_STATE_TIMEOUT);
    if (retry.retries()) {
      attributes.setNewExecutionRunId(retry.successor().getRunId());
    }
    tx.append(EventFactory.workflowExecutionTimedOut(attributes.build()));
    if (retry.retries()) {
      tx.state().setSuccessor(retry.successor());
    }
  }

  public static void terminate(WorkflowTransaction tx, String reason, Payloads details, String identity) {
    WorkflowExecutionTerminatedEventAttributes.Builder attributes = WorkflowExecutionTerminatedEventAttributes
        .newBuilder().setReason(reason).setIdentity(identity);
    if (details != null) {
      attributes.setDetails(details);
    }
    appendTermination(tx, EventFactory.workflowExecutionTerminated(attributes.build()));
  }

  private static void appendTermination(WorkflowTransaction tx, HistoryEvent.Builder terminated) {
    TABLE.next(stateOf(tx.state()), Action.TERMINATE);
    closeWorkflowTask(tx);
    tx.append(terminated);
  }

  /** The identity on the termination of the run a reset replaces, as Temporal's. */
  public static final String RESETTER_IDENTITY = "history-resetter";

  /**
   * Terminates the current run of a workflow a reset replaces with the run {@code newRunId}. When this run is the
   * reset's base ({@code resetEventId} &gt; 0, the new run's WorkflowTaskFailed event) the event links to that event,
   * so every copy of this run knows where the children the reset carried over went. Its parent is not told (the new
   * run goes on as its child).
   */
  public static void terminateForReset(WorkflowTransaction tx, String reason, String newRunId, long resetEventId) {
    HistoryEvent.Builder event = EventFactory.workflowExecutionTerminated(WorkflowExecutionTerminatedEventAttributes
        .newBuilder().setReason(reason).setIdentity(RESETTER_IDENTITY).build());
    if (resetEventId > 0) {
      event.addLinks(Link.newBuilder().setWorkflowEvent(Link.WorkflowEvent.newBuilder()
          .setNamespace(tx.namespace().name())
          .setWorkflowId(tx.state().info().getWorkflowId())
          .setRunId(newRunId)
          .setEventRef(Link.WorkflowEvent.EventReference.newBuilder().setEventId(resetEventId)
              .setEventType(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED))));
    }
    appendTermination(tx, event);
  }

  /** Whether a run's close event is the termination by a reset (which its parent is not told of). */
  public static boolean terminatedByReset(HistoryEvent close) {
    return close.hasWorkflowExecutionTerminatedEventAttributes()
        && RESETTER_IDENTITY.equals(close.getWorkflowExecutionTerminatedEventAttributes().getIdentity());
  }

  /**
   * Whether the run was terminated by a reset that carried over its child initiated at {@code initiatedEventId}
   * (initiated before the reset point): the child goes on with the new run, {@code reset_run_id}, as its parent.
   */
  public static boolean carriedOverByReset(ExecutionInfo info, long initiatedEventId) {
    return !info.getResetRunId().isEmpty() && initiatedEventId < info.getResetEventId();
  }

  /** The new run's reset point a reset's termination links to; null for any other close. */
  private static Link.WorkflowEvent resetLinkOf(HistoryEvent event) {
    if (!terminatedByReset(event)) {
      return null;
    }
    for (Link link : event.getLinksList()) {
      if (link.hasWorkflowEvent() && link.getWorkflowEvent().hasEventRef()) {
        return link.getWorkflowEvent();
      }
    }
    return null;
  }

  /** A fresh id for a successor run. */
  public static String newRunId() {
    return UUID.randomUUID().toString();
  }

  /** A started task is failed first and buffered events are kept, so no event is lost by the close. */
  private static void closeWorkflowTask(WorkflowTransaction tx) {
    WorkflowTaskStateMachine.forceClose(tx);
    if (tx.state().hasBufferedEvents()) {
      tx.flushBufferedEvents();
    }
  }

  private static boolean executionExpired(WorkflowTransaction tx) {
    Instant expiration = ProtoTime.instantOrNull(tx.state().info().getExecutionExpirationTime());
    return expiration != null && !tx.now().isBefore(expiration);
  }

  private static Failure timeoutFailure() {
    return Failure.newBuilder()
        .setMessage("workflow run timed out")
        .setSource("Server")
        .setTimeoutFailureInfo(TimeoutFailureInfo.newBuilder().setTimeoutType(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE))
        .build();
  }

  /**
   * Applies a close event: the run is closed with the event's status, the close transfer task tells the
   * parent and the successor run, the visibility task publishes the closed record, and a timer deletes the run when the namespace's retention
   * after the close is over.
   */
  static void applyClosed(ApplyContext ctx, HistoryEvent event) {
    MutableState state = ctx.state();
    TABLE.next(stateOf(state), actionOf(event));
    state.setState(ExecutionState.COMPLETED);
    state.setStatus(statusOf(event));
    state.infoBuilder().setCloseTime(event.getEventTime());
    state.setCompletionEvent(event);
    state.clearWorkflowTask();
    Link.WorkflowEvent reset = resetLinkOf(event);
    if (reset != null) {
      state.infoBuilder().setResetRunId(reset.getRunId()).setResetEventId(reset.getEventRef().getEventId());
    }
    ctx.transferTask(event, TransferTaskType.CLOSE_EXECUTION, TransferTaskData.getDefaultInstance());
    ctx.transferTask(event, TransferTaskType.VISIBILITY, TransferTaskData.getDefaultInstance());
    ctx.timerTask(event, TimerTaskType.DELETE_RUN, ApplyContext.timeOf(event).plus(ctx.retention()),
        TimerTaskData.getDefaultInstance());
  }

  private static Action actionOf(HistoryEvent event) {
    return switch (event.getEventType()) {
      case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED -> Action.COMPLETE;
      case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED -> Action.FAIL;
      case EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED -> Action.CANCEL;
      case EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW -> Action.CONTINUE_AS_NEW;
      case EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT -> Action.TIME_OUT;
      case EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED -> Action.TERMINATE;
      default -> throw new IllegalArgumentException("not a close event: " + event.getEventType());
    };
  }

  private static WorkflowExecutionStatus statusOf(HistoryEvent event) {
    return switch (actionOf(event)) {
      case COMPLETE -> WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED;
      case FAIL -> WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED;
      case CANCEL -> WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED;
      case CONTINUE_AS_NEW -> WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW;
      case TIME_OUT -> WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT;
      case TERMINATE -> WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED;
    };
  }

  /** How a continue-as-new names itself in the successor's started event. */
  public static ContinueAsNewInitiator initiatorOf(SuccessorRun successor) {
    ContinueAsNewInitiator initiator = ContinueAsNewInitiator.forNumber(successor.getInitiator());
    return initiator == null ? ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_WORKFLOW : initiator;
  }
}
