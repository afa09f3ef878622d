package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.validation.BlobSizeLimits;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.TaskResults;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import dev.conduit.proto.token.v1.TaskKind;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedResponse;

/** An activity attempt's failure, routed by its task token; history decides whether to retry it. */
public final class RespondActivityTaskFailed
    implements Operation<RespondActivityTaskFailedRequest, RespondActivityTaskFailedResponse> {
  private final TaskResults results;
  private final BlobSizeLimits blobs;

  public RespondActivityTaskFailed(FrontendContext context) {
    this.results = new TaskResults(context);
    this.blobs = new BlobSizeLimits(context.dynamicConfig());
  }

  @Override
  public RespondActivityTaskFailedResponse handle(RespondActivityTaskFailedRequest request) {
    TaskResults.Target target = results.target(request.getNamespace(), request.getTaskToken(), TaskKind.TASK_KIND_ACTIVITY);
    RequestChecks.checkLength("identity", request.getIdentity());
    blobs.check(target.namespaceName(), "failure", request.getFailure());
    blobs.check(target.namespaceName(), "last_heartbeat_details", request.getLastHeartbeatDetails());
    return results.send(target, request, HistoryServiceBlockingStub::respondActivityTaskFailed,
        RespondActivityTaskFailedResponse.parser());
  }
}
