package dev.conduit.history.tasks;

import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.workflow.TimerStateMachine;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.TimerInfo;
import dev.conduit.proto.persistence.v1.TimerTaskData;

/** Fires a user timer unless it was cancelled, already fired, or replaced by a timer with the same id. */
final class UserTimerTask {
  private UserTimerTask() {}

  static void execute(ShardContext shard, WorkflowKey key, TimerTaskData data) {
    shard.update(key, tx -> {
      if (!tx.state().isRunning()) {
        return null;
      }
      TimerInfo timer = tx.state().timer(data.getTimerId());
      if (timer == null || timer.getStartedEventId() != data.getEventId()
          || TaskVersions.stale(data.getVersion(), timer.getVersion())) {
        return null;
      }
      TimerStateMachine.fire(tx, timer);
      return null;
    });
  }
}
