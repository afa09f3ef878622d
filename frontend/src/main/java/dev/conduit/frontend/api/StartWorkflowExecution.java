package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.client.history.HistoryServiceClient;
import dev.conduit.frontend.validation.BlobSizeLimits;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.validation.StartChecks;
import dev.conduit.frontend.workflow.Encoded;
import dev.conduit.frontend.workflow.Namespaces;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionResponse;

/**
 * Starts a workflow on the history shard of its id. Checks what can be checked without the workflow's
 * state and gives the request a request id if it has none; history applies the id-reuse and conflict
 * policies and answers ALREADY_EXISTS with {@code WorkflowExecutionAlreadyStartedFailure}, passed on as is.
 */
public final class StartWorkflowExecution implements Operation<StartWorkflowExecutionRequest, StartWorkflowExecutionResponse> {
  private final Namespaces namespaces;
  private final StartChecks checks;
  private final HistoryServiceClient history;

  public StartWorkflowExecution(FrontendContext context) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.checks = new StartChecks(new BlobSizeLimits(context.dynamicConfig()));
    this.history = context.historyClient();
  }

  @Override
  public StartWorkflowExecutionResponse handle(StartWorkflowExecutionRequest request) {
    NamespaceDetail namespace = namespaces.activeByName(request.getNamespace());
    checks.check(request, namespace);
    String requestId = RequestChecks.requestIdOrNew("request_id", request.getRequestId());
    StartWorkflowExecutionRequest forwarded =
        requestId.equals(request.getRequestId()) ? request : request.toBuilder().setRequestId(requestId).build();
    String namespaceId = namespace.getInfo().getId();
    var answer = history.call(namespaceId, request.getWorkflowId(), stub -> stub.startWorkflowExecution(
        dev.conduit.proto.history.v1.StartWorkflowExecutionRequest.newBuilder()
            .setNamespaceId(namespaceId)
            .setRequest(forwarded.toByteString())
            .build()));
    return Encoded.parse(StartWorkflowExecutionResponse.parser(), answer.getResponse(), "history");
  }
}
