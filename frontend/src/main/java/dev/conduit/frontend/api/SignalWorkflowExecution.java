package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.validation.BlobSizeLimits;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.Namespaces;
import dev.conduit.frontend.workflow.WorkflowCalls;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionResponse;

/**
 * Sends a signal to a workflow run (the current one when no run id is given) on the history shard of its
 * id, header included. The request id, generated when missing, lets history drop a retried signal; history
 * answers NOT_FOUND for a closed or unknown workflow.
 */
public final class SignalWorkflowExecution
    implements Operation<SignalWorkflowExecutionRequest, SignalWorkflowExecutionResponse> {
  private final Namespaces namespaces;
  private final BlobSizeLimits blobs;
  private final WorkflowCalls calls;

  public SignalWorkflowExecution(FrontendContext context) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.blobs = new BlobSizeLimits(context.dynamicConfig());
    this.calls = new WorkflowCalls(context.historyClient());
  }

  @Override
  public SignalWorkflowExecutionResponse handle(SignalWorkflowExecutionRequest request) {
    String namespaceId = namespaces.activeByName(request.getNamespace()).getInfo().getId();
    WorkflowExecution execution = RequestChecks.requireExecution("workflow_execution", request.getWorkflowExecution());
    RequestChecks.requireId("signal_name", request.getSignalName());
    RequestChecks.checkLength("identity", request.getIdentity());
    blobs.check(request.getNamespace(), "input", request.getInput());
    blobs.check(request.getNamespace(), "header", request.getHeader());
    String requestId = RequestChecks.requestIdOrNew("request_id", request.getRequestId());
    SignalWorkflowExecutionRequest forwarded =
        requestId.equals(request.getRequestId()) ? request : request.toBuilder().setRequestId(requestId).build();
    return calls.send(namespaceId, execution.getWorkflowId(), forwarded,
        HistoryServiceBlockingStub::signalWorkflowExecution, SignalWorkflowExecutionResponse.parser());
  }
}
