package dev.conduit.history.tasks;

import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.workflow.WorkflowLifecycle;
import dev.conduit.persistence.execution.WorkflowKey;

/** The run's run or execution timeout passed: time it out if it is still running. */
final class WorkflowTimeoutTask {
  private WorkflowTimeoutTask() {}

  static void execute(ShardContext shard, WorkflowKey key) {
    shard.update(key, tx -> {
      if (tx.state().isRunning()) {
        WorkflowLifecycle.timeOut(tx);
      }
      return null;
    });
  }
}
