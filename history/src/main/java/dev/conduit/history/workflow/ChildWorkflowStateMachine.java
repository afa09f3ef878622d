package dev.conduit.history.workflow;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.history.tasks.TransferTaskType;
import dev.conduit.proto.persistence.v1.ChildExecutionInfo;
import dev.conduit.proto.persistence.v1.ExecutionInfo;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import io.temporal.api.common.v1.Priority;
import dev.conduit.proto.persistence.v1.TransferTaskData;
import io.temporal.api.common.v1.Header;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.StartChildWorkflowExecutionFailedCause;
import io.temporal.api.history.v1.ChildWorkflowExecutionCanceledEventAttributes;
import io.temporal.api.history.v1.ChildWorkflowExecutionCompletedEventAttributes;
import io.temporal.api.history.v1.ChildWorkflowExecutionFailedEventAttributes;
import io.temporal.api.history.v1.ChildWorkflowExecutionStartedEventAttributes;
import io.temporal.api.history.v1.ChildWorkflowExecutionTerminatedEventAttributes;
import io.temporal.api.history.v1.ChildWorkflowExecutionTimedOutEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.StartChildWorkflowExecutionFailedEventAttributes;
import io.temporal.api.history.v1.StartChildWorkflowExecutionInitiatedEventAttributes;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;

/**
 * A child workflow of a run, by its initiated event id.
 *
 * <pre>
 * INITIATED --started--> STARTED --closed--> (gone)
 * INITIATED --startFailed--> (gone)
 * </pre>
 *
 * <p>The start happens on the child's shard through the START_CHILD transfer task; the child's close
 * comes back from the child's shard. Both results arrive from outside a workflow task, so they may be
 * buffered; a close whose started event is still in the buffer is pointed at it when they are flushed.
 * The child's start request id is derived from the parent run and the initiated event id, so a repeated
 * start finds the run the first one created.
 *
 * <p>The public methods decide (check the move, build the events); the package-private {@code apply...}
 * functions, called through {@link MutableStateApplier}, are the only code that changes this state for an
 * event and derives its tasks.
 */
public final class ChildWorkflowStateMachine {

  enum State { INITIATED, STARTED }

  enum Action { START, START_FAIL, CLOSE }

  static final TransitionTable<State, Action> TABLE = TransitionTable
      .builder("child workflow", State.class, Action.class)
      .add(State.INITIATED, Action.START, State.STARTED)
      .add(State.INITIATED, Action.START_FAIL, State.INITIATED)
      .add(State.STARTED, Action.CLOSE, State.STARTED)
      .build();

  private ChildWorkflowStateMachine() {}

  static State stateOf(ChildExecutionInfo child) {
    return child.getRunId().isEmpty() ? State.INITIATED : State.STARTED;
  }

  public static boolean isStarted(ChildExecutionInfo child) {
    return stateOf(child) == State.STARTED;
  }

  /**
   * StartChildWorkflowExecution command, with validated and completed attributes, sent by the worker {@code identity}:
   * the apply function derives the child's start request from the event, and the identity, which the event does not
   * carry, is added here.
   */
  public static ChildExecutionInfo initiate(WorkflowTransaction tx, StartChildWorkflowExecutionInitiatedEventAttributes
      attributes, String identity) {
    long initiatedEventId = tx.append(EventFactory.startChildWorkflowExecutionInitiated(attributes)).getEventId();
    ChildExecutionInfo child = tx.state().child(initiatedEventId);
    child = child.toBuilder()
        .setStartRequest(startRequest(child).toBuilder().setIdentity(identity).build().toByteString())
        .build();
    tx.state().putChild(child);
    return child;
  }

  /** Applies StartChildWorkflowExecutionInitiated: the pending child and its START_CHILD transfer task. */
  static void applyInitiated(ApplyContext ctx, HistoryEvent event) {
    StartChildWorkflowExecutionInitiatedEventAttributes attributes =
        event.getStartChildWorkflowExecutionInitiatedEventAttributes();
    long initiatedEventId = event.getEventId();
    if (ctx.state().child(initiatedEventId) != null) {
      throw new IllegalTransitionException("child workflow", "initiated", "initiate again");
    }
    ChildExecutionInfo child = ChildExecutionInfo.newBuilder()
        .setInitiatedEventId(initiatedEventId)
        .setNamespaceId(attributes.getNamespaceId())
        .setNamespace(attributes.getNamespace())
        .setWorkflowId(attributes.getWorkflowId())
        .setWorkflowType(attributes.getWorkflowType().getName())
        .setCreateRequestId(ctx.state().key().runId() + "/child/" + initiatedEventId)
        .setParentClosePolicy(attributes.getParentClosePolicyValue())
        .setVersion(event.getVersion())
        .setControl(attributes.getControl())
        .setWorkflowTaskCompletedEventId(attributes.getWorkflowTaskCompletedEventId())
        .build();
    child = child.toBuilder().setStartRequest(startRequestOf(ctx.state().info(), event)
        .setRequestId(child.getCreateRequestId()).build().toByteString()).build();
    ctx.state().putChild(child);
    ctx.transferTask(event, TransferTaskType.START_CHILD, TransferTaskData.newBuilder()
        .setInitiatedEventId(initiatedEventId).build());
  }

  /**
   * The child's start request as its initiated event describes it, for a run that did not take the command itself
   * (a standby's copy, a run a reset rebuilt): everything but the identity of the worker that sent the command,
   * which {@link #initiate} sets where the command is taken.
   */
  static StartWorkflowExecutionRequest.Builder startRequestOf(ExecutionInfo parent, HistoryEvent event) {
    StartChildWorkflowExecutionInitiatedEventAttributes a = event.getStartChildWorkflowExecutionInitiatedEventAttributes();
    StartWorkflowExecutionRequest.Builder request = StartWorkflowExecutionRequest.newBuilder()
        .setNamespace(a.getNamespace())
        .setWorkflowId(a.getWorkflowId())
        .setWorkflowType(a.getWorkflowType())
        .setTaskQueue(a.getTaskQueue())
        .setInput(a.getInput())
        .setWorkflowExecutionTimeout(a.getWorkflowExecutionTimeout())
        .setWorkflowRunTimeout(a.getWorkflowRunTimeout())
        .setWorkflowTaskTimeout(a.getWorkflowTaskTimeout())
        .setWorkflowIdReusePolicy(a.getWorkflowIdReusePolicy());
    if (a.hasRetryPolicy()) {
      request.setRetryPolicy(a.getRetryPolicy());
    }
    if (a.hasHeader()) {
      request.setHeader(a.getHeader());
    }
    if (a.hasMemo()) {
      request.setMemo(a.getMemo());
    }
    if (a.hasSearchAttributes()) {
      request.setSearchAttributes(a.getSearchAttributes());
    }
    if (event.hasUserMetadata()) {
      request.setUserMetadata(event.getUserMetadata());
    }
    Priority priority = Priorities.merge(Priorities.of(parent), a.getPriority());
    if (!priority.equals(Priority.getDefaultInstance())) {
      request.setPriority(priority);
    }
    return request;
  }

  /** The child's shard created its first run {@code runId}. */
  public static ChildExecutionInfo started(WorkflowTransaction tx, ChildExecutionInfo child, String runId) {
    TABLE.next(stateOf(child), Action.START);
    StartWorkflowExecutionRequest request = startRequest(child);
    ChildWorkflowExecutionStartedEventAttributes.Builder attributes = ChildWorkflowExecutionStartedEventAttributes
        .newBuilder()
        .setNamespace(child.getNamespace())
        .setNamespaceId(child.getNamespaceId())
        .setInitiatedEventId(child.getInitiatedEventId())
        .setWorkflowExecution(execution(child.getWorkflowId(), runId))
        .setWorkflowType(WorkflowType.newBuilder().setName(child.getWorkflowType()));
    if (request.hasHeader()) {
      attributes.setHeader(request.getHeader());
    } else {
      attributes.setHeader(Header.getDefaultInstance());
    }
    tx.appendExternal(EventFactory.childWorkflowExecutionStarted(attributes.build()));
    return tx.state().child(child.getInitiatedEventId());
  }

  /**
   * Applies ChildWorkflowExecutionStarted. A buffered started event leaves the buffered placeholder as
   * the started event id; the flush puts the real id in.
   */
  static void applyStarted(ApplyContext ctx, HistoryEvent event) {
    ChildWorkflowExecutionStartedEventAttributes a = event.getChildWorkflowExecutionStartedEventAttributes();
    ChildExecutionInfo child = require(ctx, a.getInitiatedEventId());
    TABLE.next(stateOf(child), Action.START);
    ctx.state().putChild(child.toBuilder()
        .setRunId(a.getWorkflowExecution().getRunId())
        .setStartedEventId(event.getEventId())
        .clearStartRequest()
        .build());
  }

  /** Applies the start failure or close of a child: it is no longer pending. */
  static void applyClosed(ApplyContext ctx, HistoryEvent event, long initiatedEventId, boolean wasStarted) {
    ChildExecutionInfo child = require(ctx, initiatedEventId);
    TABLE.next(stateOf(child), wasStarted ? Action.CLOSE : Action.START_FAIL);
    ctx.state().removeChild(initiatedEventId);
  }

  private static ChildExecutionInfo require(ApplyContext ctx, long initiatedEventId) {
    ChildExecutionInfo child = ctx.state().child(initiatedEventId);
    if (child == null) {
      throw new IllegalTransitionException("child workflow", "unknown initiated id " + initiatedEventId, "apply");
    }
    return child;
  }

  /** The child could not be started (its workflow id is taken, its namespace is unknown). */
  public static void startFailed(WorkflowTransaction tx, ChildExecutionInfo child,
      StartChildWorkflowExecutionFailedCause cause) {
    TABLE.next(stateOf(child), Action.START_FAIL);
    tx.appendExternal(EventFactory.startChildWorkflowExecutionFailed(StartChildWorkflowExecutionFailedEventAttributes
        .newBuilder()
        .setNamespace(child.getNamespace())
        .setNamespaceId(child.getNamespaceId())
        .setWorkflowId(child.getWorkflowId())
        .setWorkflowType(WorkflowType.newBuilder().setName(child.getWorkflowType()))
        .setCause(cause)
        .setControl(child.getControl())
        .setInitiatedEventId(child.getInitiatedEventId())
        .setWorkflowTaskCompletedEventId(child.getWorkflowTaskCompletedEventId())
        .build()));
  }

  /** The child's chain closed with {@code closeEvent} (its own close event) in run {@code runId}. */
  public static void closed(WorkflowTransaction tx, ChildExecutionInfo child, String runId, HistoryEvent closeEvent) {
    TABLE.next(stateOf(child), Action.CLOSE);
    WorkflowExecution execution = execution(child.getWorkflowId(), runId);
    WorkflowType type = WorkflowType.newBuilder().setName(child.getWorkflowType()).build();
    long initiated = child.getInitiatedEventId();
    long started = child.getStartedEventId();
    HistoryEvent.Builder event = switch (closeEvent.getEventType()) {
      case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED -> EventFactory.childWorkflowExecutionCompleted(
          ChildWorkflowExecutionCompletedEventAttributes.newBuilder()
              .setResult(closeEvent.getWorkflowExecutionCompletedEventAttributes().getResult())
              .setNamespace(child.getNamespace()).setNamespaceId(child.getNamespaceId())
              .setWorkflowExecution(execution).setWorkflowType(type)
              .setInitiatedEventId(initiated).setStartedEventId(started).build());
      case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED -> EventFactory.childWorkflowExecutionFailed(
          ChildWorkflowExecutionFailedEventAttributes.newBuilder()
              .setFailure(closeEvent.getWorkflowExecutionFailedEventAttributes().getFailure())
              .setRetryState(closeEvent.getWorkflowExecutionFailedEventAttributes().getRetryState())
              .setNamespace(child.getNamespace()).setNamespaceId(child.getNamespaceId())
              .setWorkflowExecution(execution).setWorkflowType(type)
              .setInitiatedEventId(initiated).setStartedEventId(started).build());
      case EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED -> EventFactory.childWorkflowExecutionCanceled(
          ChildWorkflowExecutionCanceledEventAttributes.newBuilder()
              .setDetails(closeEvent.getWorkflowExecutionCanceledEventAttributes().getDetails())
              .setNamespace(child.getNamespace()).setNamespaceId(child.getNamespaceId())
              .setWorkflowExecution(execution).setWorkflowType(type)
              .setInitiatedEventId(initiated).setStartedEventId(started).build());
      case EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT -> EventFactory.childWorkflowExecutionTimedOut(
          ChildWorkflowExecutionTimedOutEventAttributes.newBuilder()
              .setRetryState(closeEvent.getWorkflowExecutionTimedOutEventAttributes().getRetryState())
              .setNamespace(child.getNamespace()).setNamespaceId(child.getNamespaceId())
              .setWorkflowExecution(execution).setWorkflowType(type)
              .setInitiatedEventId(initiated).setStartedEventId(started).build());
      case EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED -> EventFactory.childWorkflowExecutionTerminated(
          ChildWorkflowExecutionTerminatedEventAttributes.newBuilder()
              .setNamespace(child.getNamespace()).setNamespaceId(child.getNamespaceId())
              .setWorkflowExecution(execution).setWorkflowType(type)
              .setInitiatedEventId(initiated).setStartedEventId(started).build());
      default -> throw new IllegalArgumentException("not a close event a child reports: " + closeEvent.getEventType());
    };
    tx.appendExternal(event);
  }

  /**
   * A reset: the children the new run {@code tx} carries over from its base keep the base's start request id (and
   * its full start request while not started), so a start the base sent, or is still sending, finds the same child.
   */
  public static void carryOver(WorkflowTransaction tx, MutableStateRecord base) {
    for (ChildExecutionInfo child : java.util.List.copyOf(tx.state().children())) {
      ChildExecutionInfo inBase = base.getChildExecutionsOrDefault(child.getInitiatedEventId(), null);
      if (inBase == null || !inBase.getWorkflowId().equals(child.getWorkflowId())) {
        continue;
      }
      ByteString request = !inBase.getStartRequest().isEmpty() ? inBase.getStartRequest()
          : startRequest(child).toBuilder().setRequestId(inBase.getCreateRequestId()).build().toByteString();
      tx.state().putChild(child.toBuilder().setCreateRequestId(inBase.getCreateRequestId())
          .setStartRequest(isStarted(child) ? ByteString.EMPTY : request).build());
    }
  }

  /**
   * A reset: records in the new run {@code tx} an outcome its base recorded after the reset point (the child's
   * start, failed start or close) for a child the new run carries over, as Temporal's reset does, so the new run
   * learns what the child did. Returns false, writing nothing, for an event of another kind or of a child the new
   * run does not have in that state.
   */
  public static boolean reapplyOutcome(WorkflowTransaction tx, HistoryEvent event) {
    long initiated = initiatedEventIdOf(event);
    ChildExecutionInfo child = initiated == 0 ? null : tx.state().child(initiated);
    if (child == null) {
      return false;
    }
    switch (event.getEventType()) {
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED -> {
        if (isStarted(child)) {
          return false;
        }
        started(tx, child, event.getChildWorkflowExecutionStartedEventAttributes().getWorkflowExecution().getRunId());
      }
      case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED -> {
        if (isStarted(child)) {
          return false;
        }
        startFailed(tx, child, event.getStartChildWorkflowExecutionFailedEventAttributes().getCause());
      }
      default -> {
        if (!isStarted(child)) {
          return false;
        }
        TABLE.next(stateOf(child), Action.CLOSE);
        long started = child.getStartedEventId();
        tx.appendExternal(switch (event.getEventType()) {
          case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED -> EventFactory.childWorkflowExecutionCompleted(
              event.getChildWorkflowExecutionCompletedEventAttributes().toBuilder().setStartedEventId(started).build());
          case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED -> EventFactory.childWorkflowExecutionFailed(
              event.getChildWorkflowExecutionFailedEventAttributes().toBuilder().setStartedEventId(started).build());
          case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED -> EventFactory.childWorkflowExecutionCanceled(
              event.getChildWorkflowExecutionCanceledEventAttributes().toBuilder().setStartedEventId(started).build());
          case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT -> EventFactory.childWorkflowExecutionTimedOut(
              event.getChildWorkflowExecutionTimedOutEventAttributes().toBuilder().setStartedEventId(started).build());
          default -> EventFactory.childWorkflowExecutionTerminated(
              event.getChildWorkflowExecutionTerminatedEventAttributes().toBuilder().setStartedEventId(started).build());
        });
      }
    }
    return true;
  }

  /** The initiated event id a child's outcome event names; 0 for an event of another kind. */
  private static long initiatedEventIdOf(HistoryEvent event) {
    return switch (event.getEventType()) {
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED ->
          event.getChildWorkflowExecutionStartedEventAttributes().getInitiatedEventId();
      case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED ->
          event.getStartChildWorkflowExecutionFailedEventAttributes().getInitiatedEventId();
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED ->
          event.getChildWorkflowExecutionCompletedEventAttributes().getInitiatedEventId();
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED ->
          event.getChildWorkflowExecutionFailedEventAttributes().getInitiatedEventId();
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED ->
          event.getChildWorkflowExecutionCanceledEventAttributes().getInitiatedEventId();
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT ->
          event.getChildWorkflowExecutionTimedOutEventAttributes().getInitiatedEventId();
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED ->
          event.getChildWorkflowExecutionTerminatedEventAttributes().getInitiatedEventId();
      default -> 0;
    };
  }

  /** The child's start request as the parent's command described it. */
  public static StartWorkflowExecutionRequest startRequest(ChildExecutionInfo child) {
    try {
      return StartWorkflowExecutionRequest.parseFrom(child.getStartRequest());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt child start request", e);
    }
  }

  private static WorkflowExecution execution(String workflowId, String runId) {
    return WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId).build();
  }
}
