package dev.conduit.history.workflow;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.ActivityTaskCancelRequestedEventAttributes;
import io.temporal.api.history.v1.ActivityTaskCanceledEventAttributes;
import io.temporal.api.history.v1.ActivityTaskCompletedEventAttributes;
import io.temporal.api.history.v1.ActivityTaskFailedEventAttributes;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.ActivityTaskStartedEventAttributes;
import io.temporal.api.history.v1.ActivityTaskTimedOutEventAttributes;
import io.temporal.api.history.v1.ChildWorkflowExecutionCanceledEventAttributes;
import io.temporal.api.history.v1.ChildWorkflowExecutionCompletedEventAttributes;
import io.temporal.api.history.v1.ChildWorkflowExecutionFailedEventAttributes;
import io.temporal.api.history.v1.ChildWorkflowExecutionStartedEventAttributes;
import io.temporal.api.history.v1.ChildWorkflowExecutionTerminatedEventAttributes;
import io.temporal.api.history.v1.ChildWorkflowExecutionTimedOutEventAttributes;
import io.temporal.api.history.v1.ExternalWorkflowExecutionCancelRequestedEventAttributes;
import io.temporal.api.history.v1.ExternalWorkflowExecutionSignaledEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.MarkerRecordedEventAttributes;
import io.temporal.api.history.v1.RequestCancelExternalWorkflowExecutionFailedEventAttributes;
import io.temporal.api.history.v1.RequestCancelExternalWorkflowExecutionInitiatedEventAttributes;
import io.temporal.api.history.v1.SignalExternalWorkflowExecutionFailedEventAttributes;
import io.temporal.api.history.v1.SignalExternalWorkflowExecutionInitiatedEventAttributes;
import io.temporal.api.history.v1.StartChildWorkflowExecutionFailedEventAttributes;
import io.temporal.api.history.v1.StartChildWorkflowExecutionInitiatedEventAttributes;
import io.temporal.api.history.v1.TimerCanceledEventAttributes;
import io.temporal.api.history.v1.TimerFiredEventAttributes;
import io.temporal.api.history.v1.TimerStartedEventAttributes;
import io.temporal.api.history.v1.UpsertWorkflowSearchAttributesEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionCancelRequestedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionCanceledEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionCompletedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionContinuedAsNewEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionFailedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionSignaledEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionTerminatedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionTimedOutEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionUpdateAcceptedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionUpdateAdmittedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionUpdateCompletedEventAttributes;
import io.temporal.api.history.v1.WorkflowPropertiesModifiedEventAttributes;
import io.temporal.api.history.v1.WorkflowTaskCompletedEventAttributes;
import io.temporal.api.history.v1.WorkflowTaskFailedEventAttributes;
import io.temporal.api.history.v1.WorkflowTaskScheduledEventAttributes;
import io.temporal.api.history.v1.WorkflowTaskStartedEventAttributes;
import io.temporal.api.history.v1.WorkflowTaskTimedOutEventAttributes;

/**
 * Builds history events with the event type and attributes always matching. The transaction fills in
 * id, time and version when it appends them.
 */
public final class EventFactory {
  private EventFactory() {}

  public static HistoryEvent.Builder workflowExecutionStarted(WorkflowExecutionStartedEventAttributes a) {
    return of(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED).setWorkflowExecutionStartedEventAttributes(a);
  }

  public static HistoryEvent.Builder workflowTaskScheduled(WorkflowTaskScheduledEventAttributes a) {
    return of(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED).setWorkflowTaskScheduledEventAttributes(a);
  }

  public static HistoryEvent.Builder workflowTaskStarted(WorkflowTaskStartedEventAttributes a) {
    return of(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED).setWorkflowTaskStartedEventAttributes(a);
  }

  public static HistoryEvent.Builder workflowTaskCompleted(WorkflowTaskCompletedEventAttributes a) {
    return of(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).setWorkflowTaskCompletedEventAttributes(a);
  }

  public static HistoryEvent.Builder workflowTaskFailed(WorkflowTaskFailedEventAttributes a) {
    return of(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED).setWorkflowTaskFailedEventAttributes(a);
  }

  public static HistoryEvent.Builder workflowTaskTimedOut(WorkflowTaskTimedOutEventAttributes a) {
    return of(EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT).setWorkflowTaskTimedOutEventAttributes(a);
  }

  public static HistoryEvent.Builder activityTaskScheduled(ActivityTaskScheduledEventAttributes a) {
    return of(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).setActivityTaskScheduledEventAttributes(a);
  }

  public static HistoryEvent.Builder activityTaskStarted(ActivityTaskStartedEventAttributes a) {
    return of(EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED).setActivityTaskStartedEventAttributes(a);
  }

  public static HistoryEvent.Builder activityTaskCompleted(ActivityTaskCompletedEventAttributes a) {
    return of(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED).setActivityTaskCompletedEventAttributes(a);
  }

  public static HistoryEvent.Builder activityTaskFailed(ActivityTaskFailedEventAttributes a) {
    return of(EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED).setActivityTaskFailedEventAttributes(a);
  }

  public static HistoryEvent.Builder activityTaskTimedOut(ActivityTaskTimedOutEventAttributes a) {
    return of(EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT).setActivityTaskTimedOutEventAttributes(a);
  }

  public static HistoryEvent.Builder activityTaskCancelRequested(ActivityTaskCancelRequestedEventAttributes a) {
    return of(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED)
        .setActivityTaskCancelRequestedEventAttributes(a);
  }

  public static HistoryEvent.Builder activityTaskCanceled(ActivityTaskCanceledEventAttributes a) {
    return of(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED).setActivityTaskCanceledEventAttributes(a);
  }

  public static HistoryEvent.Builder timerStarted(TimerStartedEventAttributes a) {
    return of(EventType.EVENT_TYPE_TIMER_STARTED).setTimerStartedEventAttributes(a);
  }

  public static HistoryEvent.Builder timerFired(TimerFiredEventAttributes a) {
    return of(EventType.EVENT_TYPE_TIMER_FIRED).setTimerFiredEventAttributes(a);
  }

  public static HistoryEvent.Builder timerCanceled(TimerCanceledEventAttributes a) {
    return of(EventType.EVENT_TYPE_TIMER_CANCELED).setTimerCanceledEventAttributes(a);
  }

  public static HistoryEvent.Builder workflowExecutionCompleted(WorkflowExecutionCompletedEventAttributes a) {
    return of(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED).setWorkflowExecutionCompletedEventAttributes(a);
  }

  public static HistoryEvent.Builder workflowExecutionFailed(WorkflowExecutionFailedEventAttributes a) {
    return of(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED).setWorkflowExecutionFailedEventAttributes(a);
  }

  public static HistoryEvent.Builder workflowExecutionTimedOut(WorkflowExecutionTimedOutEventAttributes a) {
    return of(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT).setWorkflowExecutionTimedOutEventAttributes(a);
  }

  public static HistoryEvent.Builder workflowExecutionTerminated(WorkflowExecutionTerminatedEventAttributes a) {
    return of(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED)
        .setWorkflowExecutionTerminatedEventAttributes(a);
  }

  public static HistoryEvent.Builder markerRecorded(MarkerRecordedEventAttributes a) {
    return of(EventType.EVENT_TYPE_MARKER_RECORDED).setMarkerRecordedEventAttributes(a);
  }

  public static HistoryEvent.Builder upsertSearchAttributes(UpsertWorkflowSearchAttributesEventAttributes a) {
    return of(EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)
        .setUpsertWorkflowSearchAttributesEventAttributes(a);
  }

  public static HistoryEvent.Builder propertiesModified(WorkflowPropertiesModifiedEventAttributes a) {
    return of(EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED).setWorkflowPropertiesModifiedEventAttributes(a);
  }

  public static HistoryEvent.Builder workflowExecutionSignaled(WorkflowExecutionSignaledEventAttributes a) {
    return of(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED).setWorkflowExecutionSignaledEventAttributes(a);
  }

  public static HistoryEvent.Builder workflowExecutionCancelRequested(WorkflowExecutionCancelRequestedEventAttributes a) {
    return of(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED).setWorkflowExecutionCancelRequestedEventAttributes(a);
  }

  public static HistoryEvent.Builder workflowExecutionCanceled(WorkflowExecutionCanceledEventAttributes a) {
    return of(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED).setWorkflowExecutionCanceledEventAttributes(a);
  }

  public static HistoryEvent.Builder workflowExecutionContinuedAsNew(WorkflowExecutionContinuedAsNewEventAttributes a) {
    return of(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW).setWorkflowExecutionContinuedAsNewEventAttributes(a);
  }

  public static HistoryEvent.Builder startChildWorkflowExecutionInitiated(StartChildWorkflowExecutionInitiatedEventAttributes a) {
    return of(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED).setStartChildWorkflowExecutionInitiatedEventAttributes(a);
  }

  public static HistoryEvent.Builder startChildWorkflowExecutionFailed(StartChildWorkflowExecutionFailedEventAttributes a) {
    return of(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED).setStartChildWorkflowExecutionFailedEventAttributes(a);
  }

  public static HistoryEvent.Builder childWorkflowExecutionStarted(ChildWorkflowExecutionStartedEventAttributes a) {
    return of(EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED).setChildWorkflowExecutionStartedEventAttributes(a);
  }

  public static HistoryEvent.Builder childWorkflowExecutionCompleted(ChildWorkflowExecutionCompletedEventAttributes a) {
    return of(EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED).setChildWorkflowExecutionCompletedEventAttributes(a);
  }

  public static HistoryEvent.Builder childWorkflowExecutionFailed(ChildWorkflowExecutionFailedEventAttributes a) {
    return of(EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED).setChildWorkflowExecutionFailedEventAttributes(a);
  }

  public static HistoryEvent.Builder childWorkflowExecutionCanceled(ChildWorkflowExecutionCanceledEventAttributes a) {
    return of(EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED).setChildWorkflowExecutionCanceledEventAttributes(a);
  }

  public static HistoryEvent.Builder childWorkflowExecutionTimedOut(ChildWorkflowExecutionTimedOutEventAttributes a) {
    return of(EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT).setChildWorkflowExecutionTimedOutEventAttributes(a);
  }

  public static HistoryEvent.Builder childWorkflowExecutionTerminated(ChildWorkflowExecutionTerminatedEventAttributes a) {
    return of(EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED).setChildWorkflowExecutionTerminatedEventAttributes(a);
  }

  public static HistoryEvent.Builder signalExternalInitiated(SignalExternalWorkflowExecutionInitiatedEventAttributes a) {
    return of(EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED).setSignalExternalWorkflowExecutionInitiatedEventAttributes(a);
  }

  public static HistoryEvent.Builder signalExternalFailed(SignalExternalWorkflowExecutionFailedEventAttributes a) {
    return of(EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED).setSignalExternalWorkflowExecutionFailedEventAttributes(a);
  }

  public static HistoryEvent.Builder externalSignaled(ExternalWorkflowExecutionSignaledEventAttributes a) {
    return of(EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED).setExternalWorkflowExecutionSignaledEventAttributes(a);
  }

  public static HistoryEvent.Builder requestCancelExternalInitiated(RequestCancelExternalWorkflowExecutionInitiatedEventAttributes a) {
    return of(EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED).setRequestCancelExternalWorkflowExecutionInitiatedEventAttributes(a);
  }

  public static HistoryEvent.Builder requestCancelExternalFailed(RequestCancelExternalWorkflowExecutionFailedEventAttributes a) {
    return of(EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED).setRequestCancelExternalWorkflowExecutionFailedEventAttributes(a);
  }

  public static HistoryEvent.Builder externalCancelRequested(ExternalWorkflowExecutionCancelRequestedEventAttributes a) {
    return of(EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED).setExternalWorkflowExecutionCancelRequestedEventAttributes(a);
  }

  public static HistoryEvent.Builder updateAdmitted(WorkflowExecutionUpdateAdmittedEventAttributes a) {
    return of(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED).setWorkflowExecutionUpdateAdmittedEventAttributes(a);
  }

  public static HistoryEvent.Builder updateAccepted(WorkflowExecutionUpdateAcceptedEventAttributes a) {
    return of(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED).setWorkflowExecutionUpdateAcceptedEventAttributes(a);
  }

  public static HistoryEvent.Builder updateCompleted(WorkflowExecutionUpdateCompletedEventAttributes a) {
    return of(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED)
        .setWorkflowExecutionUpdateCompletedEventAttributes(a);
  }

  private static HistoryEvent.Builder of(EventType type) {
    return HistoryEvent.newBuilder().setEventType(type);
  }
}
