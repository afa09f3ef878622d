package dev.conduit.history.api.startchildworkflow;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.history.api.startworkflow.StartWorkflow;
import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.runs.Lineage;
import dev.conduit.proto.history.v1.StartChildWorkflowRequest;
import dev.conduit.proto.history.v1.StartChildWorkflowResponse;
import dev.conduit.proto.persistence.v1.ParentInfo;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;

/**
 * StartChildWorkflow (history to history): the parent's shard asks the child's shard to start the
 * child. A plain start with the parent recorded in the child's runs; its request id (derived from the
 * parent run and initiated event) makes a repeated call answer the run the first one created.
 */
public final class StartChildWorkflow {
  private final StartWorkflow startWorkflow;

  public StartChildWorkflow(StartWorkflow startWorkflow) {
    this.startWorkflow = startWorkflow;
  }

  public StartChildWorkflowResponse invoke(StartChildWorkflowRequest request) {
    StartWorkflowExecutionRequest start;
    try {
      start = StartWorkflowExecutionRequest.parseFrom(request.getStartRequest());
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidRequestException("child start request is malformed");
    }
    ParentInfo parent = ParentInfo.newBuilder()
        .setNamespaceId(request.getParentNamespaceId())
        .setWorkflowId(request.getParentWorkflowId())
        .setRunId(request.getParentRunId())
        .setInitiatedEventId(request.getParentInitiatedEventId())
        .setRootWorkflowId(request.getRootWorkflowId())
        .setRootRunId(request.getRootRunId())
        .build();
    String runId = startWorkflow.start(request.getNamespaceId(), start, Lineage.child(parent)).getRunId();
    return StartChildWorkflowResponse.newBuilder().setRunId(runId).build();
  }
}
