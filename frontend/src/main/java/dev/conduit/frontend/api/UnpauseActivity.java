package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.Namespaces;
import dev.conduit.frontend.workflow.WorkflowCalls;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.UnpauseActivityRequest;
import io.temporal.api.workflowservice.v1.UnpauseActivityResponse;

/** Unpauses activities of a workflow: a waiting one gets its next attempt at once. */
public final class UnpauseActivity implements Operation<UnpauseActivityRequest, UnpauseActivityResponse> {
  private final Namespaces namespaces;
  private final WorkflowCalls calls;

  public UnpauseActivity(FrontendContext context) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.calls = new WorkflowCalls(context.historyClient());
  }

  @Override
  public UnpauseActivityResponse handle(UnpauseActivityRequest request) {
    String namespaceId = namespaces.activeByName(request.getNamespace()).getInfo().getId();
    WorkflowExecution execution = RequestChecks.requireExecution("execution", request.getExecution());
    RequestChecks.checkLength("identity", request.getIdentity());
    return calls.send(namespaceId, execution.getWorkflowId(), request,
        HistoryServiceBlockingStub::unpauseActivity, UnpauseActivityResponse.parser());
  }
}
