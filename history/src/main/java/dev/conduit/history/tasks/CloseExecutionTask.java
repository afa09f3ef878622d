package dev.conduit.history.tasks;

import dev.conduit.history.shard.ShardContext;
import dev.conduit.persistence.execution.WorkflowKey;

/**
 * A run closed. Written with the close so that visibility records, retention timers and parent
 * notification can hang off it later; today there is nothing more to do.
 */
final class CloseExecutionTask {
  private CloseExecutionTask() {}

  static void execute(ShardContext shard, WorkflowKey key) {
    // Intentionally empty: the close itself is already durable.
  }
}
