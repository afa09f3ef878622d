package dev.conduit.history.tasks;

import dev.conduit.history.errors.TaskDependencyPendingException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.workflow.Events;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.TimerTaskData;

/**
 * The namespace's retention after the run closed is over, or a client asked for the run's deletion: the run, its
 * history and (if it still names the run) the workflow id's current record are deleted, and then its visibility
 * record. Only a closed run whose close event carries the task's version goes; repeating the task after a partial
 * delete finishes it, and a run already gone is done.
 *
 * <p>The run's close tasks (the parent's and successor's notification, the closed visibility record) must be done
 * first, as they read the run. They were written before this task (in its write or an earlier one), so they have
 * smaller ids, as every task id comes from one sequence: once the shard's transfer queue has acknowledged every
 * transfer task up to this task's own id, they are. Until then the task waits and is tried again.
 */
final class DeleteRunTask {
  private DeleteRunTask() {}

  static void execute(ShardContext shard, WorkflowKey key, TimerTaskData data, long taskId) {
    long transferAckLevel = shard.transferQueue().ackLevel();
    if (transferAckLevel < taskId) {
      shard.transferQueue().signal(); // an idle queue moves its ack level only on a pass
      throw new TaskDependencyPendingException("the deletion of run " + key.runId() + " (task " + taskId
          + ") waits for the transfer tasks before it; transfer ack level " + transferAckLevel);
    }
    boolean gone = shard.deleteRun(key, state -> !ExecutionState.ofCode(state.getState()).isOpen()
        && !TaskVersions.stale(data.getVersion(), Events.decode(state.getCompletionEvent()).getVersion()));
    if (gone) {
      VisibilityTask.publishDeleted(shard, key);
    }
  }
}
