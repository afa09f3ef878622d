package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.Namespaces;
import dev.conduit.frontend.workflow.WorkflowCalls;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.UpdateActivityOptionsRequest;
import io.temporal.api.workflowservice.v1.UpdateActivityOptionsResponse;

/** Changes the options (task queue, timeouts, retry policy) of pending activities of a workflow. */
public final class UpdateActivityOptions implements Operation<UpdateActivityOptionsRequest, UpdateActivityOptionsResponse> {
  private final Namespaces namespaces;
  private final WorkflowCalls calls;

  public UpdateActivityOptions(FrontendContext context) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.calls = new WorkflowCalls(context.historyClient());
  }

  @Override
  public UpdateActivityOptionsResponse handle(UpdateActivityOptionsRequest request) {
    String namespaceId = namespaces.activeByName(request.getNamespace()).getInfo().getId();
    WorkflowExecution execution = RequestChecks.requireExecution("execution", request.getExecution());
    RequestChecks.checkLength("identity", request.getIdentity());
    return calls.send(namespaceId, execution.getWorkflowId(), request,
        HistoryServiceBlockingStub::updateActivityOptions, UpdateActivityOptionsResponse.parser());
  }
}
