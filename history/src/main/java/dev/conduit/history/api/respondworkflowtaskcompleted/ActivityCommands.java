package dev.conduit.history.api.respondworkflowtaskcompleted;

import static io.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_ACTIVITY_ATTRIBUTES;
import static io.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES;
import static io.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_PENDING_ACTIVITIES_LIMIT_EXCEEDED;
import static io.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_SCHEDULE_ACTIVITY_DUPLICATE_ID;

import dev.conduit.history.workflow.ActivityStateMachine;
import dev.conduit.history.workflow.EventFactory;
import dev.conduit.proto.persistence.v1.ActivityInfo;
import io.temporal.api.command.v1.Command;
import io.temporal.api.command.v1.RequestCancelActivityTaskCommandAttributes;
import io.temporal.api.command.v1.ScheduleActivityTaskCommandAttributes;
import io.temporal.api.history.v1.ActivityTaskCancelRequestedEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;

/** ScheduleActivityTask and RequestCancelActivityTask. */
final class ActivityCommands {
  private ActivityCommands() {}

  static void schedule(CommandContext context, Command command) {
    ScheduleActivityTaskCommandAttributes requested = command.getScheduleActivityTaskCommandAttributes();
    context.requireId(WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES, "ActivityId",
        requested.getActivityId());
    context.requireId(WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES, "ActivityType",
        requested.getActivityType().getName());
    context.requireBlob(WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES, "ScheduleActivityTask input",
        requested.getInput());
    context.requireBlob(WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES, "ScheduleActivityTask header",
        requested.getHeader());
    if (context.tx.state().activities().size() >= context.config().maxPendingActivities()) {
      throw new CommandFailure(WORKFLOW_TASK_FAILED_CAUSE_PENDING_ACTIVITIES_LIMIT_EXCEEDED,
          "the run already has " + context.config().maxPendingActivities() + " pending activities");
    }
    ActivityInfo existing = context.tx.state().activityById(requested.getActivityId());
    if (existing != null) {
      throw new CommandFailure(WORKFLOW_TASK_FAILED_CAUSE_SCHEDULE_ACTIVITY_DUPLICATE_ID,
          "activity id " + requested.getActivityId() + " is already used by a pending activity");
    }
    ScheduleActivityTaskCommandAttributes normalized = ActivityAttributes.normalize(requested, context.tx.state().info(),
        context.config());
    ActivityInfo scheduled = ActivityStateMachine.schedule(context.tx, context.completedEventId, normalized);
    // eager dispatch, as Temporal: only to the worker that completed the task, so only on the workflow's own queue
    if (requested.getRequestEagerExecution()
        && normalized.getTaskQueue().getName().equals(context.tx.state().info().getTaskQueue())
        && context.eagerActivities.size() < MAX_EAGER_ACTIVITIES) {
      context.eagerActivities.add(scheduled.getScheduledEventId());
    }
  }

  /** At most this many activities start with the task that scheduled them (SDKs ask for 3 by default). */
  static final int MAX_EAGER_ACTIVITIES = 10;

  static void requestCancel(CommandContext context, Command command) {
    RequestCancelActivityTaskCommandAttributes attributes = command.getRequestCancelActivityTaskCommandAttributes();
    long scheduledEventId = attributes.getScheduledEventId();
    ActivityInfo activity = scheduledEventId > 0 ? context.tx.state().activity(scheduledEventId) : null;
    if (activity != null) {
      if (ActivityStateMachine.requestCancel(context.tx, activity, context.completedEventId)) {
        context.activityCancelledBeforeStart = true;
      }
      return;
    }
    if (!hasBufferedFinish(context, scheduledEventId)) {
      throw new CommandFailure(WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_ACTIVITY_ATTRIBUTES,
          "no pending activity with scheduled event id " + scheduledEventId);
    }
    // It finished while this task ran: record the request; its result reaches the workflow next.
    context.tx.append(EventFactory.activityTaskCancelRequested(ActivityTaskCancelRequestedEventAttributes.newBuilder()
        .setScheduledEventId(scheduledEventId)
        .setWorkflowTaskCompletedEventId(context.completedEventId)
        .build()));
  }

  private static boolean hasBufferedFinish(CommandContext context, long scheduledEventId) {
    for (HistoryEvent event : context.tx.state().bufferedEvents()) {
      long id = switch (event.getEventType()) {
        case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> event.getActivityTaskCompletedEventAttributes().getScheduledEventId();
        case EVENT_TYPE_ACTIVITY_TASK_FAILED -> event.getActivityTaskFailedEventAttributes().getScheduledEventId();
        case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT -> event.getActivityTaskTimedOutEventAttributes().getScheduledEventId();
        case EVENT_TYPE_ACTIVITY_TASK_CANCELED -> event.getActivityTaskCanceledEventAttributes().getScheduledEventId();
        default -> -1;
      };
      if (id == scheduledEventId) {
        return true;
      }
    }
    return false;
  }
}
