package dev.conduit.history.tasks;

import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.workflow.WorkflowTaskStateMachine;
import dev.conduit.persistence.execution.WorkflowKey;

/** A start delay is over: schedule the run's first workflow task, unless something did already. */
final class WorkflowStartDelayTask {
  private WorkflowStartDelayTask() {}

  static void execute(ShardContext shard, WorkflowKey key) {
    shard.update(key, tx -> {
      if (tx.state().isRunning() && tx.state().workflowTask() == null
          && tx.state().lastCompletedWorkflowTaskStartedEventId() == 0) {
        WorkflowTaskStateMachine.schedule(tx, 1);
      }
      return null;
    });
  }
}
