package dev.conduit.history.tasks;

import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.persistence.execution.TransferTaskRecord;
import dev.conduit.proto.persistence.v1.TransferTaskData;

/**
 * Runs a transfer task through the handler of its type. A task whose run is gone is done; a task of a namespace
 * active in another cluster is done when the replicated events show it settled and waits otherwise
 * ({@link StandbyTasks}), except a visibility task: every cluster indexes what it holds.
 */
public final class TransferTaskExecutor {

  public void execute(ShardContext shard, TransferTaskRecord record) {
    TransferTaskData data = TaskData.transfer(record.data());
    try {
      TransferTaskType type = TransferTaskType.ofCode(record.type());
      if (type == TransferTaskType.VISIBILITY) {
        VisibilityTask.publish(shard, record.workflow(), record.taskId());
        return;
      }
      if (!StandbyTasks.mayAct(shard, record.workflow(), state -> StandbyTasks.settled(type, state, data))) {
        return;
      }
      switch (type) {
        case WORKFLOW_TASK -> DispatchWorkflowTask.execute(shard, record.workflow(), data);
        case ACTIVITY_TASK -> DispatchActivityTask.execute(shard, record.workflow(), data);
        case CLOSE_EXECUTION -> CloseExecutionTask.execute(shard, record.workflow(), data);
        case START_CHILD -> StartChildTask.execute(shard, record.workflow(), data);
        case SIGNAL_EXTERNAL -> ExternalRequestTask.signal(shard, record.workflow(), data);
        case CANCEL_EXTERNAL -> ExternalRequestTask.cancel(shard, record.workflow(), data);
        case VISIBILITY -> throw new IllegalStateException("handled above");
      }
    } catch (EntityNotFoundException e) {
      // The run no longer exists: nothing is left to do for it.
    }
  }
}
