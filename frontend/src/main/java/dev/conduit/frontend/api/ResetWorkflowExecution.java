package dev.conduit.frontend.api;

import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.Namespaces;
import dev.conduit.frontend.workflow.WorkflowCalls;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import io.grpc.Status;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.PostResetOperation;
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
    for (int i = 0; i < request.getPostResetOperationsCount(); i++) {
      PostResetOperation operation = request.getPostResetOperations(i);
      String field = "post_reset_operations[" + i + "]";
      switch (operation.getVariantCase()) {
        case SIGNAL_WORKFLOW -> {
          if (operation.getSignalWorkflow().getSignalName().isEmpty()) {
            throw new InvalidArgumentException(field + ".signal_workflow.signal_name", "is empty");
          }
          RequestChecks.checkLength(field + ".signal_workflow.signal_name", operation.getSignalWorkflow().getSignalName());
        }
        case UPDATE_WORKFLOW_OPTIONS -> throw Status.UNIMPLEMENTED.withDescription(field
            + ": update_workflow_options (a versioning override) is not supported by this server").asRuntimeException();
        default -> throw new InvalidArgumentException(field, "names no operation");
      }
    }
    ResetWorkflowExecutionRequest withId = request.toBuilder()
        .setRequestId(RequestChecks.requestIdOrNew("request_id", request.getRequestId()))
        .build();
    return calls.send(namespaceId, execution.getWorkflowId(), withId,
        HistoryServiceBlockingStub::resetWorkflowExecution, ResetWorkflowExecutionResponse.parser());
  }
}
