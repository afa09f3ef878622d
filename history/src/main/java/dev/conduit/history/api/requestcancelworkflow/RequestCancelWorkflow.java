package dev.conduit.history.api.requestcancelworkflow;

import dev.conduit.history.api.Limits;
import dev.conduit.history.api.RunLookup;
import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.errors.WorkflowCompletedException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.workflow.InboundRequests;
import dev.conduit.history.workflow.WorkflowTransaction;
import dev.conduit.persistence.execution.WorkflowKey;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.WorkflowExecutionCancelRequestedEventAttributes;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionResponse;

/**
 * RequestCancelWorkflowExecution: records WorkflowExecutionCancelRequested and asks for a workflow task;
 * the workflow decides how to wind down (typically with a CancelWorkflowExecution command). Asking
 * again changes nothing; a closed run answers NOT_FOUND "workflow execution already completed".
 */
public final class RequestCancelWorkflow {
  private final ShardController shards;

  public RequestCancelWorkflow(ShardController shards) {
    this.shards = shards;
  }

  public RequestCancelWorkflowExecutionResponse invoke(String namespaceId, RequestCancelWorkflowExecutionRequest request) {
    String workflowId = request.getWorkflowExecution().getWorkflowId();
    ShardContext shard = shards.shardFor(namespaceId, workflowId);
    Limits.requireId("WorkflowId", workflowId, shard.config());
    WorkflowKey key = RunLookup.resolve(shard, namespaceId, workflowId, request.getWorkflowExecution().getRunId());
    apply(shard, key, request, 0, null);
    return RequestCancelWorkflowExecutionResponse.getDefaultInstance();
  }

  /**
   * Requests cancellation of run {@code key}.
   *
   * @param externalInitiatedEventId the sender's initiated event when another workflow asked, else 0
   * @param source that workflow, or null
   */
  public static void apply(ShardContext shard, WorkflowKey key, RequestCancelWorkflowExecutionRequest request,
      long externalInitiatedEventId, WorkflowExecution source) {
    shard.update(key, tx -> {
      requireRunningChainMember(tx, request.getFirstExecutionRunId());
      WorkflowExecutionCancelRequestedEventAttributes.Builder attributes =
          WorkflowExecutionCancelRequestedEventAttributes.newBuilder()
              .setCause(request.getReason())
              .setIdentity(request.getIdentity());
      if (source != null) {
        attributes.setExternalInitiatedEventId(externalInitiatedEventId).setExternalWorkflowExecution(source);
      }
      InboundRequests.requestCancel(tx, attributes.build(), request.getRequestId());
      return null;
    });
  }

  /** The run is open and, when the caller named a chain by its first run, belongs to that chain. */
  public static void requireRunningChainMember(WorkflowTransaction tx, String firstExecutionRunId) {
    if (!firstExecutionRunId.isEmpty() && !firstExecutionRunId.equals(tx.state().info().getFirstRunId())) {
      throw new EntityNotFoundException("workflow execution not found for first execution run id "
          + firstExecutionRunId);
    }
    if (!tx.state().isRunning()) {
      throw new WorkflowCompletedException();
    }
  }
}
