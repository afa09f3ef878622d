package dev.conduit.history.api.resetstickytaskqueue;

import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.workflow.WorkflowTaskStateMachine;
import dev.conduit.persistence.execution.CurrentExecution;
import dev.conduit.persistence.execution.WorkflowKey;

/**
 * ResetStickyTaskQueue: the worker dropped the run from its cache; its next workflow tasks go to the
 * normal queue with full history. A task already waiting on the sticky queue falls back when its
 * schedule-to-start timeout passes.
 */
public final class ResetStickyTaskQueue {
  private final ShardController shards;

  public ResetStickyTaskQueue(ShardController shards) {
    this.shards = shards;
  }

  public void invoke(String namespaceId, String workflowId, String runId) {
    ShardContext shard = shards.shardFor(namespaceId, workflowId);
    String run = runId.isEmpty()
        ? shard.currentExecution(namespaceId, workflowId).map(CurrentExecution::runId)
            .orElseThrow(() -> new EntityNotFoundException("workflow execution not found: " + workflowId))
        : runId;
    shard.update(new WorkflowKey(namespaceId, workflowId, run), tx -> {
      if (tx.state().isRunning()) {
        WorkflowTaskStateMachine.clearSticky(tx.state());
      }
      return null;
    });
  }
}
