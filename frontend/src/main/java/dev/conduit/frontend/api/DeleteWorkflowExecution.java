package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.Namespaces;
import dev.conduit.frontend.workflow.WorkflowCalls;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DeleteWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DeleteWorkflowExecutionResponse;

/**
 * Deletes a workflow run (the current one when no run id is given), terminating it first if it runs; the deletion
 * itself happens on the history shard shortly after the call returns, as in Temporal.
 */
public final class DeleteWorkflowExecution
    implements Operation<DeleteWorkflowExecutionRequest, DeleteWorkflowExecutionResponse> {
  private final Namespaces namespaces;
  private final WorkflowCalls calls;

  public DeleteWorkflowExecution(FrontendContext context) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.calls = new WorkflowCalls(context.historyClient());
  }

  @Override
  public DeleteWorkflowExecutionResponse handle(DeleteWorkflowExecutionRequest request) {
    String namespaceId = namespaces.activeByName(request.getNamespace()).getInfo().getId();
    WorkflowExecution execution = RequestChecks.requireExecution("workflow_execution", request.getWorkflowExecution());
    return calls.send(namespaceId, execution.getWorkflowId(), request,
        HistoryServiceBlockingStub::deleteWorkflowExecution, DeleteWorkflowExecutionResponse.parser());
  }
}
