package dev.conduit.history.api.signalworkflow;

import dev.conduit.history.api.Limits;
import dev.conduit.history.api.RunLookup;
import dev.conduit.history.errors.WorkflowCompletedException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.workflow.InboundRequests;
import dev.conduit.persistence.execution.WorkflowKey;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.WorkflowExecutionSignaledEventAttributes;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionResponse;

/**
 * SignalWorkflowExecution: records WorkflowExecutionSignaled on the named (or current) run and asks for
 * a workflow task to deliver it; buffered while a workflow task runs. A closed run answers NOT_FOUND
 * "workflow execution already completed"; a retried request id is applied once.
 */
public final class SignalWorkflow {
  private final ShardController shards;

  public SignalWorkflow(ShardController shards) {
    this.shards = shards;
  }

  public SignalWorkflowExecutionResponse invoke(String namespaceId, SignalWorkflowExecutionRequest request) {
    String workflowId = request.getWorkflowExecution().getWorkflowId();
    ShardContext shard = shards.shardFor(namespaceId, workflowId);
    validate(request, shard);
    WorkflowKey key = RunLookup.resolve(shard, namespaceId, workflowId, request.getWorkflowExecution().getRunId());
    apply(shard, key, request, null);
    return SignalWorkflowExecutionResponse.getDefaultInstance();
  }

  static void validate(SignalWorkflowExecutionRequest request, ShardContext shard) {
    Limits.requireId("WorkflowId", request.getWorkflowExecution().getWorkflowId(), shard.config());
    Limits.requireId("SignalName", request.getSignalName(), shard.config());
    Limits.requireBlob("Input", request.getInput(), shard.config());
    Limits.requireBlob("Header", request.getHeader(), shard.config());
  }

  /**
   * Signals run {@code key}.
   *
   * @param source the workflow that sent it with a SignalExternalWorkflowExecution command, or null
   */
  public static void apply(ShardContext shard, WorkflowKey key, SignalWorkflowExecutionRequest request,
      WorkflowExecution source) {
    shard.update(key, tx -> {
      if (!tx.state().isRunning()) {
        throw new WorkflowCompletedException();
      }
      InboundRequests.signal(tx, attributes(request, source), request.getRequestId(), false);
      return null;
    });
  }

  /** The event attributes of a signal request. */
  public static WorkflowExecutionSignaledEventAttributes attributes(SignalWorkflowExecutionRequest request,
      WorkflowExecution source) {
    WorkflowExecutionSignaledEventAttributes.Builder attributes = WorkflowExecutionSignaledEventAttributes.newBuilder()
        .setSignalName(request.getSignalName())
        .setInput(request.getInput())
        .setIdentity(request.getIdentity());
    if (request.hasHeader()) {
      attributes.setHeader(request.getHeader());
    }
    if (source != null) {
      attributes.setExternalWorkflowExecution(source);
    }
    return attributes.build();
  }
}
