package dev.conduit.history.tasks;

import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.workflow.WorkflowTaskStateMachine;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.TimerTaskData;

/** A start delay is over: schedule the run's first workflow task, unless something did already. */
final class WorkflowStartDelayTask {
  private WorkflowStartDelayTask() {}

  static void execute(ShardContext shard, WorkflowKey key, TimerTaskData data) {
    shard.update(key, tx -> {
      if (tx.state().isRunning() && tx.state().workflowTask() == null
          && tx.state().lastCompletedWorkflowTaskStartedEventId() == 0
          && !TaskVersions.stale(data.getVersion(), tx.state().info().getStartVersion())) {
        WorkflowTaskStateMachine.schedule(tx, 1);
      }
      return null;
    });
  }
}
