package dev.conduit.history.api.signalexternal;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.history.api.RunLookup;
import dev.conduit.history.api.signalworkflow.SignalWorkflow;
import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.history.v1.ExternalRequest;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;

/**
 * SignalExternal (history to history): a workflow's SignalExternalWorkflowExecution command reaching
 * the target's shard. Applied like a client's signal, naming the sender; the request id derived from
 * the sender's initiated event makes redelivery harmless.
 */
public final class SignalExternal {
  private final ShardController shards;

  public SignalExternal(ShardController shards) {
    this.shards = shards;
  }

  public void invoke(ExternalRequest request) {
    ShardContext shard = shards.shardFor(request.getNamespaceId(), request.getWorkflowId());
    WorkflowKey key = RunLookup.resolve(shard, request.getNamespaceId(), request.getWorkflowId(), request.getRunId());
    SignalWorkflowExecutionRequest signal;
    try {
      signal = SignalWorkflowExecutionRequest.parseFrom(request.getRequest());
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidRequestException("external signal request is malformed");
    }
    WorkflowExecution source = WorkflowExecution.newBuilder()
        .setWorkflowId(request.getSourceWorkflowId()).setRunId(request.getSourceRunId()).build();
    SignalWorkflow.apply(shard, key, signal, source);
  }
}
