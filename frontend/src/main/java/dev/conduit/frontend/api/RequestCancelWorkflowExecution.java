package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.Namespaces;
import dev.conduit.frontend.workflow.WorkflowCalls;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionResponse;

/**
 * Asks a workflow run to cancel itself, on the history shard of its id: history records the request and
 * the workflow's code decides what cancelling means. The request id, generated when missing, makes a
 * retried request harmless.
 */
public final class RequestCancelWorkflowExecution
    implements Operation<RequestCancelWorkflowExecutionRequest, RequestCancelWorkflowExecutionResponse> {
  private final Namespaces namespaces;
  private final WorkflowCalls calls;

  public RequestCancelWorkflowExecution(FrontendContext context) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.calls = new WorkflowCalls(context.historyClient());
  }

  @Override
  public RequestCancelWorkflowExecutionResponse handle(RequestCancelWorkflowExecutionRequest request) {
    String namespaceId = namespaces.activeByName(request.getNamespace()).getInfo().getId();
    WorkflowExecution execution = RequestChecks.requireExecution("workflow_execution", request.getWorkflowExecution());
    RequestChecks.checkRunId("first_execution_run_id", request.getFirstExecutionRunId());
    RequestChecks.checkLength("identity", request.getIdentity());
    String requestId = RequestChecks.requestIdOrNew("request_id", request.getRequestId());
    RequestCancelWorkflowExecutionRequest forwarded =
        requestId.equals(request.getRequestId()) ? request : request.toBuilder().setRequestId(requestId).build();
    return calls.send(namespaceId, execution.getWorkflowId(), forwarded,
        HistoryServiceBlockingStub::requestCancelWorkflowExecution, RequestCancelWorkflowExecutionResponse.parser());
  }
}
