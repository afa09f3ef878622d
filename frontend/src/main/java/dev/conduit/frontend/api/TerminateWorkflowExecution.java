package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.validation.BlobSizeLimits;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.Namespaces;
import dev.conduit.frontend.workflow.WorkflowCalls;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionResponse;

/** Ends a workflow run at once, without its code running, on the history shard of its id. */
public final class TerminateWorkflowExecution
    implements Operation<TerminateWorkflowExecutionRequest, TerminateWorkflowExecutionResponse> {
  private final Namespaces namespaces;
  private final BlobSizeLimits blobs;
  private final WorkflowCalls calls;

  public TerminateWorkflowExecution(FrontendContext context) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.blobs = new BlobSizeLimits(context.dynamicConfig());
    this.calls = new WorkflowCalls(context.historyClient());
  }

  @Override
  public TerminateWorkflowExecutionResponse handle(TerminateWorkflowExecutionRequest request) {
    String namespaceId = namespaces.activeByName(request.getNamespace()).getInfo().getId();
    WorkflowExecution execution = RequestChecks.requireExecution("workflow_execution", request.getWorkflowExecution());
    RequestChecks.checkRunId("first_execution_run_id", request.getFirstExecutionRunId());
    RequestChecks.checkLength("identity", request.getIdentity());
    blobs.check(request.getNamespace(), "details", request.getDetails());
    return calls.send(namespaceId, execution.getWorkflowId(), request,
        HistoryServiceBlockingStub::terminateWorkflowExecution, TerminateWorkflowExecutionResponse.parser());
  }
}
