package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.Namespaces;
import dev.conduit.frontend.workflow.WorkflowCalls;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import io.grpc.Status;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.ResetWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.ResetWorkflowExecutionResponse;

/**
 * Resets a workflow to one of its workflow tasks on the history shard of its id: a new run replays the history up
 * to there and goes on from it, with later signals and updates reapplied (history checks the reset point).
 */
public final class ResetWorkflowExecution
    implements Operation<ResetWorkflowExecutionRequest, ResetWorkflowExecutionResponse> {
  private final Namespaces namespaces;
  private final WorkflowCalls calls;

  public ResetWorkflowExecution(FrontendContext context) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.calls = new WorkflowCalls(context.historyClient());
  }

  @Override
  public ResetWorkflowExecutionResponse handle(ResetWorkflowExecutionRequest request) {
    String namespaceId = namespaces.activeByName(request.getNamespace()).getInfo().getId();
    WorkflowExecution execution = RequestChecks.requireExecution("workflow_execution", request.getWorkflowExecution());
    RequestChecks.checkLength("reason", request.getReason());
    RequestChecks.checkLength("identity", request.getIdentity());
    if (request.getPostResetOperationsCount() > 0) {
      throw Status.UNIMPLEMENTED.withDescription("post_reset_operations are not supported by this server")
          .asRuntimeException();
    }
    ResetWorkflowExecutionRequest withId = request.toBuilder()
        .setRequestId(RequestChecks.requestIdOrNew("request_id", request.getRequestId()))
        .build();
    return calls.send(namespaceId, execution.getWorkflowId(), withId,
        HistoryServiceBlockingStub::resetWorkflowExecution, ResetWorkflowExecutionResponse.parser());
  }
}
