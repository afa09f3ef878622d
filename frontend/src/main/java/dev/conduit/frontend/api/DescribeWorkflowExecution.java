package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.client.history.HistoryServiceClient;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.Encoded;
import dev.conduit.frontend.workflow.Namespaces;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;

/** Describes a workflow run (the current one when no run id is given) from its history shard. */
public final class DescribeWorkflowExecution
    implements Operation<DescribeWorkflowExecutionRequest, DescribeWorkflowExecutionResponse> {
  private final Namespaces namespaces;
  private final HistoryServiceClient history;

  public DescribeWorkflowExecution(FrontendContext context) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.history = context.historyClient();
  }

  @Override
  public DescribeWorkflowExecutionResponse handle(DescribeWorkflowExecutionRequest request) {
    String namespaceId = namespaces.byName(request.getNamespace()).getInfo().getId();
    RequestChecks.requireExecution("execution", request.getExecution());
    var answer = history.call(namespaceId, request.getExecution().getWorkflowId(), stub ->
        stub.describeWorkflowExecution(dev.conduit.proto.history.v1.DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespaceId(namespaceId)
            .setRequest(request.toByteString())
            .build()));
    return Encoded.parse(DescribeWorkflowExecutionResponse.parser(), answer.getResponse(), "history");
  }
}
