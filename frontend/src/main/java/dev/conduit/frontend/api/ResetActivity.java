package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.Namespaces;
import dev.conduit.frontend.workflow.WorkflowCalls;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.ResetActivityRequest;
import io.temporal.api.workflowservice.v1.ResetActivityResponse;

/** Resets activities of a workflow to attempt 1; a running attempt hears it on its next heartbeat. */
public final class ResetActivity implements Operation<ResetActivityRequest, ResetActivityResponse> {
  private final Namespaces namespaces;
  private final WorkflowCalls calls;

  public ResetActivity(FrontendContext context) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.calls = new WorkflowCalls(context.historyClient());
  }

  @Override
  public ResetActivityResponse handle(ResetActivityRequest request) {
    String namespaceId = namespaces.activeByName(request.getNamespace()).getInfo().getId();
    WorkflowExecution execution = RequestChecks.requireExecution("execution", request.getExecution());
    RequestChecks.checkLength("identity", request.getIdentity());
    return calls.send(namespaceId, execution.getWorkflowId(), request,
        HistoryServiceBlockingStub::resetActivity, ResetActivityResponse.parser());
  }
}
