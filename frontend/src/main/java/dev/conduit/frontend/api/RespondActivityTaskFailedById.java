package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.validation.BlobSizeLimits;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.TaskResults;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedByIdRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedByIdResponse;

/**
 * An activity attempt's failure addressed by workflow, run and activity id, routed by workflow id; history
 * decides whether to retry it, as for the token form.
 */
public final class RespondActivityTaskFailedById
    implements Operation<RespondActivityTaskFailedByIdRequest, RespondActivityTaskFailedByIdResponse> {
  private final TaskResults results;
  private final BlobSizeLimits blobs;

  public RespondActivityTaskFailedById(FrontendContext context) {
    this.results = new TaskResults(context);
    this.blobs = new BlobSizeLimits(context.dynamicConfig());
  }

  @Override
  public RespondActivityTaskFailedByIdResponse handle(RespondActivityTaskFailedByIdRequest request) {
    TaskResults.Target target = results.byId(request.getNamespace(), request.getWorkflowId(), request.getRunId(),
        request.getActivityId());
    RequestChecks.checkLength("identity", request.getIdentity());
    blobs.check(target.namespaceName(), "failure", request.getFailure());
    blobs.check(target.namespaceName(), "last_heartbeat_details", request.getLastHeartbeatDetails());
    return results.send(target, request, HistoryServiceBlockingStub::respondActivityTaskFailed,
        RespondActivityTaskFailedByIdResponse.parser());
  }
}
