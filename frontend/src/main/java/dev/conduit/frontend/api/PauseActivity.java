package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.Namespaces;
import dev.conduit.frontend.workflow.WorkflowCalls;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.PauseActivityRequest;
import io.temporal.api.workflowservice.v1.PauseActivityResponse;

/** Pauses pending activities of a workflow (by id or type): no new attempt starts until they are unpaused. */
public final class PauseActivity implements Operation<PauseActivityRequest, PauseActivityResponse> {
  private final Namespaces namespaces;
  private final WorkflowCalls calls;

  public PauseActivity(FrontendContext context) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.calls = new WorkflowCalls(context.historyClient());
  }

  @Override
  public PauseActivityResponse handle(PauseActivityRequest request) {
    String namespaceId = namespaces.activeByName(request.getNamespace()).getInfo().getId();
    WorkflowExecution execution = RequestChecks.requireExecution("execution", request.getExecution());
    RequestChecks.checkLength("identity", request.getIdentity());
    RequestChecks.checkLength("reason", request.getReason());
    return calls.send(namespaceId, execution.getWorkflowId(), request,
        HistoryServiceBlockingStub::pauseActivity, PauseActivityResponse.parser());
  }
}
