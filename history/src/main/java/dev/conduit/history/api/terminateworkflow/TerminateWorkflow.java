package dev.conduit.history.api.terminateworkflow;

import dev.conduit.history.api.Limits;
import dev.conduit.history.api.RunLookup;
import dev.conduit.history.api.requestcancelworkflow.RequestCancelWorkflow;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.workflow.WorkflowLifecycle;
import dev.conduit.persistence.execution.WorkflowKey;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionResponse;

/**
 * TerminateWorkflowExecution: closes the run at once with WorkflowExecutionTerminated, without asking
 * the workflow. A started workflow task is failed first and buffered events are kept. A closed run
 * answers NOT_FOUND "workflow execution already completed".
 */
public final class TerminateWorkflow {
  private final ShardController shards;

  public TerminateWorkflow(ShardController shards) {
    this.shards = shards;
  }

  public TerminateWorkflowExecutionResponse invoke(String namespaceId, TerminateWorkflowExecutionRequest request) {
    String workflowId = request.getWorkflowExecution().getWorkflowId();
    ShardContext shard = shards.shardFor(namespaceId, workflowId);
    Limits.requireId("WorkflowId", workflowId, shard.config());
    Limits.requireBlob("Details", request.getDetails(), shard.config());
    WorkflowKey key = RunLookup.resolve(shard, namespaceId, workflowId, request.getWorkflowExecution().getRunId());
    shard.update(key, tx -> {
      RequestCancelWorkflow.requireRunningChainMember(tx, request.getFirstExecutionRunId());
      WorkflowLifecycle.terminate(tx, request.getReason(), request.hasDetails() ? request.getDetails() : null,
          request.getIdentity());
      return null;
    });
    return TerminateWorkflowExecutionResponse.getDefaultInstance();
  }
}
