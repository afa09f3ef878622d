package dev.conduit.history.api.respondworkflowtaskcompleted;

import static io.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES;

import com.google.protobuf.Duration;
import dev.conduit.history.HistoryConfig;
import dev.conduit.history.api.Limits;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.history.workflow.RetryPolicies;
import dev.conduit.proto.persistence.v1.ExecutionInfo;
import io.temporal.api.command.v1.ScheduleActivityTaskCommandAttributes;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.taskqueue.v1.TaskQueue;

/**
 * Fills in and bounds a ScheduleActivityTask command's timeouts as Temporal does: schedule-to-close
 * bounds the others, start-to-close or schedule-to-close must be given, none exceeds the run timeout,
 * heartbeat never exceeds start-to-close. The task queue defaults to the workflow's, the retry policy
 * to the server default.
 */
final class ActivityAttributes {
  private ActivityAttributes() {}

  static ScheduleActivityTaskCommandAttributes normalize(ScheduleActivityTaskCommandAttributes requested,
      ExecutionInfo workflow, HistoryConfig config) {
    ScheduleActivityTaskCommandAttributes.Builder a = requested.toBuilder();
    String queue = requested.getTaskQueue().getName().isEmpty() ? workflow.getTaskQueue() : requested.getTaskQueue().getName();
    String problem = Limits.checkId("ActivityTaskQueue", queue, config);
    if (problem != null) {
      throw bad(problem);
    }
    a.setTaskQueue(TaskQueue.newBuilder().setName(queue).setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL));
    if (ProtoTime.isNegative(a.getScheduleToCloseTimeout()) || ProtoTime.isNegative(a.getScheduleToStartTimeout())
        || ProtoTime.isNegative(a.getStartToCloseTimeout()) || ProtoTime.isNegative(a.getHeartbeatTimeout())) {
      throw bad("a timeout is negative on ScheduleActivityTask " + requested.getActivityId());
    }
    String retryProblem = RetryPolicies.validate(a.getRetryPolicy());
    if (retryProblem != null) {
      throw bad(retryProblem);
    }
    a.setRetryPolicy(RetryPolicies.withDefaults(a.getRetryPolicy()));

    Duration runTimeout = workflow.getRunTimeout();
    boolean scheduleToClose = ProtoTime.isPositive(a.getScheduleToCloseTimeout());
    boolean scheduleToStart = ProtoTime.isPositive(a.getScheduleToStartTimeout());
    boolean startToClose = ProtoTime.isPositive(a.getStartToCloseTimeout());
    if (scheduleToClose) {
      a.setScheduleToStartTimeout(scheduleToStart
          ? ProtoTime.min(a.getScheduleToStartTimeout(), a.getScheduleToCloseTimeout()) : a.getScheduleToCloseTimeout());
      a.setStartToCloseTimeout(startToClose
          ? ProtoTime.min(a.getStartToCloseTimeout(), a.getScheduleToCloseTimeout()) : a.getScheduleToCloseTimeout());
    } else if (startToClose) {
      a.setScheduleToCloseTimeout(runTimeout);
      if (!scheduleToStart) {
        a.setScheduleToStartTimeout(runTimeout);
      }
    } else {
      throw bad("A valid StartToClose or ScheduleToCloseTimeout is not set on ScheduleActivityTask "
          + requested.getActivityId());
    }
    if (ProtoTime.isPositive(runTimeout)) {
      a.setScheduleToCloseTimeout(capped(a.getScheduleToCloseTimeout(), runTimeout));
      a.setScheduleToStartTimeout(capped(a.getScheduleToStartTimeout(), runTimeout));
      a.setStartToCloseTimeout(capped(a.getStartToCloseTimeout(), runTimeout));
      a.setHeartbeatTimeout(capped(a.getHeartbeatTimeout(), runTimeout));
    }
    a.setHeartbeatTimeout(ProtoTime.min(a.getHeartbeatTimeout(), a.getStartToCloseTimeout()));
    return a.build();
  }

  /** Caps at {@code limit}; zero (no limit) becomes the limit too. */
  private static Duration capped(Duration value, Duration limit) {
    if (!ProtoTime.isPositive(value)) {
      return value;
    }
    return ProtoTime.min(value, limit);
  }

  private static CommandFailure bad(String message) {
    return new CommandFailure(WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES, message);
  }
}
