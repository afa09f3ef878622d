package dev.conduit.history.tasks;

import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.workflow.Events;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.TimerTaskData;

/**
 * The namespace's retention after the run closed is over: the run, its history and (if it still names the
 * run) the workflow id's current record are deleted, and then its visibility record. Only a closed run whose close event carries the task's
 * version goes; repeating the task after a partial delete finishes it, and a run already gone is done.
 */
final class DeleteRunTask {
  private DeleteRunTask() {}

  static void execute(ShardContext shard, WorkflowKey key, TimerTaskData data) {
    boolean gone = shard.deleteRun(key, state -> !ExecutionState.ofCode(state.getState()).isOpen()
        && !TaskVersions.stale(data.getVersion(), Events.decode(state.getCompletionEvent()).getVersion()));
    if (gone) {
      VisibilityTask.publishDeleted(shard, key);
    }
  }
}
