package dev.conduit.history.api.requestcancelexternal;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.history.api.RunLookup;
import dev.conduit.history.api.requestcancelworkflow.RequestCancelWorkflow;
import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.history.v1.ExternalRequest;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionRequest;

/**
 * RequestCancelExternal (history to history): a workflow's RequestCancelExternalWorkflowExecution
 * command (how the SDKs cancel a child) reaching the target's shard. The cancel-requested event names
 * the sender and its initiated event.
 */
public final class RequestCancelExternal {
  private final ShardController shards;

  public RequestCancelExternal(ShardController shards) {
    this.shards = shards;
  }

  public void invoke(ExternalRequest request) {
    ShardContext shard = shards.shardFor(request.getNamespaceId(), request.getWorkflowId());
    WorkflowKey key = RunLookup.resolve(shard, request.getNamespaceId(), request.getWorkflowId(), request.getRunId());
    RequestCancelWorkflowExecutionRequest cancel;
    try {
      cancel = RequestCancelWorkflowExecutionRequest.parseFrom(request.getRequest());
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidRequestException("external cancel request is malformed");
    }
    WorkflowExecution source = WorkflowExecution.newBuilder()
        .setWorkflowId(request.getSourceWorkflowId()).setRunId(request.getSourceRunId()).build();
    RequestCancelWorkflow.apply(shard, key, cancel, request.getSourceInitiatedEventId(), source);
  }
}
