package dev.conduit.history.api;

import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.persistence.execution.CurrentExecution;
import dev.conduit.persistence.execution.WorkflowKey;

/** Finds the run a request names: its run id, or the workflow id's current run when none is given. */
public final class RunLookup {
  private RunLookup() {}

  public static WorkflowKey resolve(ShardContext shard, String namespaceId, String workflowId, String runId) {
    if (!runId.isEmpty()) {
      return new WorkflowKey(namespaceId, workflowId, runId);
    }
    String current = shard.currentExecution(namespaceId, workflowId).map(CurrentExecution::runId)
        .orElseThrow(() -> new EntityNotFoundException("workflow execution not found: " + workflowId));
    return new WorkflowKey(namespaceId, workflowId, current);
  }
}
