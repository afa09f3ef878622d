package dev.conduit.history.tasks;

import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.workflow.WorkflowLifecycle;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.TimerTaskData;

/** The run's run or execution timeout passed: time it out if it is still running. */
final class WorkflowTimeoutTask {
  private WorkflowTimeoutTask() {}

  static void execute(ShardContext shard, WorkflowKey key, TimerTaskData data) {
    shard.update(key, tx -> {
      if (tx.state().isRunning() && !TaskVersions.stale(data.getVersion(), tx.state().info().getStartVersion())) {
        WorkflowLifecycle.timeOut(tx);
      }
      return null;
    });
  }
}
