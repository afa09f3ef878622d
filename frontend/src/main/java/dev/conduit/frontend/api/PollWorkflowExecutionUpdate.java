package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.Namespaces;
import dev.conduit.frontend.workflow.WorkflowCalls;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
import io.temporal.api.workflowservice.v1.PollWorkflowExecutionUpdateRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowExecutionUpdateResponse;

/**
 * Waits for a Workflow Update the run already has (admitted, accepted or completed) to reach the stage asked
 * for, and answers its outcome once completed; NOT_FOUND for an update id the run does not know.
 */
public final class PollWorkflowExecutionUpdate
    implements Operation<PollWorkflowExecutionUpdateRequest, PollWorkflowExecutionUpdateResponse> {
  private final Namespaces namespaces;
  private final WorkflowCalls calls;

  public PollWorkflowExecutionUpdate(FrontendContext context) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.calls = new WorkflowCalls(context.historyClient());
  }

  @Override
  public PollWorkflowExecutionUpdateResponse handle(PollWorkflowExecutionUpdateRequest request) {
    String namespaceId = namespaces.byName(request.getNamespace()).getInfo().getId();
    if (!request.hasUpdateRef()) {
      throw new InvalidArgumentException("update_ref", "is required");
    }
    WorkflowExecution execution = RequestChecks.requireExecution("update_ref.workflow_execution",
        request.getUpdateRef().getWorkflowExecution());
    RequestChecks.requireId("update_ref.update_id", request.getUpdateRef().getUpdateId());
    if (request.getWaitPolicy().getLifecycleStage() == UpdateWorkflowExecutionLifecycleStage.UNRECOGNIZED) {
      throw new InvalidArgumentException("wait_policy.lifecycle_stage",
          "unknown value " + request.getWaitPolicy().getLifecycleStageValue());
    }
    return calls.sendLongPoll(namespaceId, execution.getWorkflowId(), request,
        HistoryServiceBlockingStub::pollWorkflowExecutionUpdate, PollWorkflowExecutionUpdateResponse.parser());
  }
}
