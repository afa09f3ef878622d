package dev.conduit.history.tasks;

import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.workflow.WorkflowTaskStateMachine;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.TimerTaskData;
import dev.conduit.proto.persistence.v1.WorkflowTaskInfo;
import io.temporal.api.enums.v1.TimeoutType;

/**
 * A workflow task deadline: start-to-close (the worker took too long: next attempt) or sticky
 * schedule-to-start (no sticky worker took it: go to the normal queue). Only acts on the very task and
 * attempt the timer was set for (a speculative task by its stamp: a later one has the same ids), still in the
 * state the deadline is about.
 */
final class WorkflowTaskTimeoutTask {
  private WorkflowTaskTimeoutTask() {}

  static void execute(ShardContext shard, WorkflowKey key, TimerTaskData data) {
    shard.update(key, tx -> {
      WorkflowTaskInfo task = tx.state().workflowTask();
      if (!tx.state().isRunning() || task == null || task.getScheduledEventId() != data.getEventId()
          || task.getAttempt() != data.getAttempt() || task.getSpeculativeStamp() != data.getWorkflowTaskStamp()
          || TaskVersions.stale(data.getVersion(), task.getVersion())) {
        return null;
      }
      TimeoutType type = TimeoutType.forNumber(data.getTimeoutType());
      if (type == TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE && task.getStartedEventId() != 0) {
        WorkflowTaskStateMachine.timeOutStartToClose(tx);
      } else if (type == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START && task.getStartedEventId() == 0
          && task.getSticky()) {
        WorkflowTaskStateMachine.timeOutScheduleToStart(tx);
      }
      return null;
    });
  }
}
