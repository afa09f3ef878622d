package dev.conduit.history.workflow;

import io.temporal.api.history.v1.HistoryEvent;

/**
 * The one place where a history event changes mutable state: each event type has one apply function,
 * which changes the state and derives the transfer and timer tasks the new state needs. The active side
 * ({@link WorkflowTransaction#append}) and {@link Replayer} both go through here, so a replay of the stored
 * history rebuilds the state the active side wrote. Apply functions take time and version from the event,
 * never from a clock, and reject an event that is illegal in the current state with
 * {@link IllegalTransitionException}.
 *
 * <p><b>State not carried by events.</b> As in Temporal, some changes write no event; they stay direct
 * mutations of the deciding code and a replay cannot rebuild them (the next issue replicates them as
 * activity-state tasks):
 * <ul>
 *   <li>a pending activity's current attempt: attempt, started time / request id / identity, last worker
 *       identity, heartbeat time and details, last failure, current attempt scheduled time (an activity's
 *       start is written only when it closes; heartbeats and retries write nothing);</li>
 *   <li>the sticky task queue of the run and a sticky task's schedule-to-start timeout;</li>
 *   <li>a transient workflow task (attempt &gt; 1 after failures): its events are written only when it
 *       completes;</li>
 *   <li>signal request ids remembered for deduplication, the cancel request id, and the create request id;</li>
 *   <li>the start requests kept for a pending child or external signal, and the successor run of a closed
 *       run (its start request); the successor's own events start its history;</li>
 *   <li>bookkeeping: state transition count, the history-size warning flag.</li>
 * </ul>
 * Buffered events are applied when they are buffered and get their ids at flush without a second apply.
 */
public final class MutableStateApplier {
  private MutableStateApplier() {}

  /** Applies one event; {@code event} carries its final id, or the buffered placeholder id. */
  public static void apply(ApplyContext ctx, HistoryEvent event) {
    switch (event.getEventType()) {
      case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> WorkflowStart.applyStarted(ctx, event);
      case EVENT_TYPE_WORKFLOW_TASK_SCHEDULED -> WorkflowTaskStateMachine.applyScheduled(ctx, event);
      case EVENT_TYPE_WORKFLOW_TASK_STARTED -> WorkflowTaskStateMachine.applyStarted(ctx, event);
      case EVENT_TYPE_WORKFLOW_TASK_COMPLETED -> WorkflowTaskStateMachine.applyCompleted(ctx, event);
      case EVENT_TYPE_WORKFLOW_TASK_FAILED, EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT ->
          WorkflowTaskStateMachine.applyFailedOrTimedOut(ctx, event);
      case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> ActivityStateMachine.applyScheduled(ctx, event);
      case EVENT_TYPE_ACTIVITY_TASK_STARTED -> ActivityStateMachine.applyStarted(ctx, event);
      case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> ActivityStateMachine.applyClosed(ctx, event,
          event.getActivityTaskCompletedEventAttributes().getScheduledEventId());
      case EVENT_TYPE_ACTIVITY_TASK_FAILED -> ActivityStateMachine.applyClosed(ctx, event,
          event.getActivityTaskFailedEventAttributes().getScheduledEventId());
      case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT -> ActivityStateMachine.applyClosed(ctx, event,
          event.getActivityTaskTimedOutEventAttributes().getScheduledEventId());
      case EVENT_TYPE_ACTIVITY_TASK_CANCELED -> ActivityStateMachine.applyClosed(ctx, event,
          event.getActivityTaskCanceledEventAttributes().getScheduledEventId());
      case EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED -> ActivityStateMachine.applyCancelRequested(ctx, event);
      case EVENT_TYPE_TIMER_STARTED -> TimerStateMachine.applyStarted(ctx, event);
      case EVENT_TYPE_TIMER_FIRED -> TimerStateMachine.applyClosed(ctx, event,
          event.getTimerFiredEventAttributes().getTimerId());
      case EVENT_TYPE_TIMER_CANCELED -> TimerStateMachine.applyClosed(ctx, event,
          event.getTimerCanceledEventAttributes().getTimerId());
      case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED -> InboundRequests.applySignaled(ctx, event);
      case EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED -> InboundRequests.applyCancelRequested(ctx, event);
      case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
          EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED, EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
          EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT, EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED ->
          WorkflowLifecycle.applyClosed(ctx, event);
      case EVENT_TYPE_MARKER_RECORDED -> { }
      case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED -> WorkflowUpdates.applyAdmitted(ctx, event);
      case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED -> WorkflowUpdates.applyAccepted(ctx, event);
      case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED -> WorkflowUpdates.applyCompleted(ctx, event);
      case EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES -> WorkflowStart.applySearchAttributesUpserted(ctx, event);
      case EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED -> WorkflowStart.applyPropertiesModified(ctx, event);
      case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED -> ChildWorkflowStateMachine.applyInitiated(ctx, event);
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED -> ChildWorkflowStateMachine.applyStarted(ctx, event);
      case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED -> ChildWorkflowStateMachine.applyClosed(ctx, event,
          event.getStartChildWorkflowExecutionFailedEventAttributes().getInitiatedEventId(), false);
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED -> ChildWorkflowStateMachine.applyClosed(ctx, event,
          event.getChildWorkflowExecutionCompletedEventAttributes().getInitiatedEventId(), true);
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED -> ChildWorkflowStateMachine.applyClosed(ctx, event,
          event.getChildWorkflowExecutionFailedEventAttributes().getInitiatedEventId(), true);
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED -> ChildWorkflowStateMachine.applyClosed(ctx, event,
          event.getChildWorkflowExecutionCanceledEventAttributes().getInitiatedEventId(), true);
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT -> ChildWorkflowStateMachine.applyClosed(ctx, event,
          event.getChildWorkflowExecutionTimedOutEventAttributes().getInitiatedEventId(), true);
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED -> ChildWorkflowStateMachine.applyClosed(ctx, event,
          event.getChildWorkflowExecutionTerminatedEventAttributes().getInitiatedEventId(), true);
      case EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED ->
          ExternalRequestStateMachine.applySignalInitiated(ctx, event);
      case EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED -> ExternalRequestStateMachine.applySignalClosed(ctx, event,
          event.getExternalWorkflowExecutionSignaledEventAttributes().getInitiatedEventId());
      case EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED -> ExternalRequestStateMachine.applySignalClosed(ctx,
          event, event.getSignalExternalWorkflowExecutionFailedEventAttributes().getInitiatedEventId());
      case EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED ->
          ExternalRequestStateMachine.applyCancelInitiated(ctx, event);
      case EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED -> ExternalRequestStateMachine.applyCancelClosed(ctx,
          event, event.getExternalWorkflowExecutionCancelRequestedEventAttributes().getInitiatedEventId());
      case EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED -> ExternalRequestStateMachine
          .applyCancelClosed(ctx, event,
              event.getRequestCancelExternalWorkflowExecutionFailedEventAttributes().getInitiatedEventId());
      default -> throw new UnsupportedEventException(event.getEventType());
    }
  }
}
