package dev.conduit.history.tasks;

import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.history.workflow.ActivityStateMachine;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.ActivityInfo;
import dev.conduit.proto.persistence.v1.TimerTaskData;
import io.temporal.api.enums.v1.TimeoutType;
import java.time.Instant;

/**
 * An activity deadline. Schedule-to-close spans all attempts; the others belong to one attempt and
 * are ignored once it moved on. A heartbeat timer whose deadline was pushed back by later heartbeats
 * re-arms itself at the new deadline instead of timing out.
 */
final class ActivityTimeoutTask {
  private ActivityTimeoutTask() {}

  static void execute(ShardContext shard, WorkflowKey key, TimerTaskData data, Instant fireTime) {
    shard.update(key, tx -> {
      if (!tx.state().isRunning()) {
        return null;
      }
      ActivityInfo activity = tx.state().activity(data.getEventId());
      if (activity == null || TaskVersions.stale(data.getVersion(), activity.getVersion())) {
        return null;
      }
      TimeoutType type = TimeoutType.forNumber(data.getTimeoutType());
      boolean sameAttempt = activity.getAttempt() == data.getAttempt();
      boolean started = activity.hasStartedTime();
      switch (type) {
        case TIMEOUT_TYPE_SCHEDULE_TO_CLOSE -> {
          // UpdateActivityOptions may have moved or removed the deadline this timer was armed for
          if (activity.hasExpirationTime()
              && !fireTime.isBefore(ProtoTime.ceilMillis(ProtoTime.instant(activity.getExpirationTime())))) {
            ActivityStateMachine.timeOut(tx, activity, type);
          }
        }
        case TIMEOUT_TYPE_SCHEDULE_TO_START -> {
          // a paused activity waits on no queue; an attempt dispatched again (unpaused) has a later deadline
          Instant due = ProtoTime.instant(activity.getCurrentAttemptScheduledTime())
              .plus(ProtoTime.duration(activity.getScheduleToStartTimeout()));
          if (sameAttempt && !started && !activity.getPaused() && !fireTime.isBefore(ProtoTime.ceilMillis(due))) {
            ActivityStateMachine.timeOut(tx, activity, type);
          }
        }
        case TIMEOUT_TYPE_START_TO_CLOSE -> {
          if (sameAttempt && started) {
            ActivityStateMachine.timeOut(tx, activity, type);
          }
        }
        case TIMEOUT_TYPE_HEARTBEAT -> {
          if (sameAttempt && started) {
            Instant deadline = ActivityStateMachine.heartbeatDeadline(activity);
            if (deadline.isAfter(fireTime)) {
              ActivityStateMachine.rearmHeartbeat(tx, activity, deadline);
            } else {
              ActivityStateMachine.timeOut(tx, activity, type);
            }
          }
        }
        default -> { }
      }
      return null;
    });
  }
}
