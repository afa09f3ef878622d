package dev.conduit.history.tasks;

import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.persistence.execution.TimerTaskRecord;
import dev.conduit.proto.persistence.v1.TimerTaskData;

/**
 * Runs a due timer through the handler of its type. A timer whose run is gone is done; one of a namespace
 * active in another cluster is done when the replicated events show it settled and waits otherwise
 * ({@link StandbyTasks}), except the deletion at the end of the retention.
 */
public final class TimerTaskExecutor {

  public void execute(ShardContext shard, TimerTaskRecord record) {
    TimerTaskData data = TaskData.timer(record.data());
    TimerTaskType type = TimerTaskType.ofCode(record.type());
    try {
      // every cluster deletes its own copy when the retention is over
      if (type != TimerTaskType.DELETE_RUN
          && !StandbyTasks.mayAct(shard, record.workflow(), state -> StandbyTasks.settled(type, state, data))) {
        return;
      }
      switch (type) {
        case USER_TIMER -> UserTimerTask.execute(shard, record.workflow(), data);
        case WORKFLOW_TASK_TIMEOUT -> WorkflowTaskTimeoutTask.execute(shard, record.workflow(), data);
        case ACTIVITY_TIMEOUT -> ActivityTimeoutTask.execute(shard, record.workflow(), data, record.fireTime());
        case ACTIVITY_RETRY -> DispatchActivityTask.dispatch(shard, record.workflow(), data.getEventId(), data.getAttempt(),
            data.getVersion());
        case WORKFLOW_TIMEOUT -> WorkflowTimeoutTask.execute(shard, record.workflow(), data);
        case WORKFLOW_START_DELAY -> WorkflowStartDelayTask.execute(shard, record.workflow(), data);
        case DELETE_RUN -> DeleteRunTask.execute(shard, record.workflow(), data, record.taskId());
      }
    } catch (EntityNotFoundException e) {
      // The run no longer exists: nothing is left to do for it.
    }
  }
}
