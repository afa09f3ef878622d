package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.client.history.HistoryServiceClient;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.Namespaces;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.ResetStickyTaskQueueRequest;
import io.temporal.api.workflowservice.v1.ResetStickyTaskQueueResponse;

/**
 * Drops a workflow's stickiness (the Java SDK calls it after a failed workflow task), so its next
 * workflow task goes to the normal queue with full history.
 */
public final class ResetStickyTaskQueue implements Operation<ResetStickyTaskQueueRequest, ResetStickyTaskQueueResponse> {
  private final Namespaces namespaces;
  private final HistoryServiceClient history;

  public ResetStickyTaskQueue(FrontendContext context) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.history = context.historyClient();
  }

  @Override
  public ResetStickyTaskQueueResponse handle(ResetStickyTaskQueueRequest request) {
    String namespaceId = namespaces.activeByName(request.getNamespace()).getInfo().getId();
    WorkflowExecution execution = RequestChecks.requireExecution("execution", request.getExecution());
    history.call(namespaceId, execution.getWorkflowId(), stub ->
        stub.resetStickyTaskQueue(dev.conduit.proto.history.v1.ResetStickyTaskQueueRequest.newBuilder()
            .setNamespaceId(namespaceId)
            .setWorkflowId(execution.getWorkflowId())
            .setRunId(execution.getRunId())
            .build()));
    return ResetStickyTaskQueueResponse.getDefaultInstance();
  }
}
