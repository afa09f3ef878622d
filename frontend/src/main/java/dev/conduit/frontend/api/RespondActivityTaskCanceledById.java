package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.validation.BlobSizeLimits;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.TaskResults;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledByIdRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledByIdResponse;

/** An activity acknowledging its cancellation, addressed by workflow, run and activity id. */
public final class RespondActivityTaskCanceledById
    implements Operation<RespondActivityTaskCanceledByIdRequest, RespondActivityTaskCanceledByIdResponse> {
  private final TaskResults results;
  private final BlobSizeLimits blobs;

  public RespondActivityTaskCanceledById(FrontendContext context) {
    this.results = new TaskResults(context);
    this.blobs = new BlobSizeLimits(context.dynamicConfig());
  }

  @Override
  public RespondActivityTaskCanceledByIdResponse handle(RespondActivityTaskCanceledByIdRequest request) {
    TaskResults.Target target = results.byId(request.getNamespace(), request.getWorkflowId(), request.getRunId(),
        request.getActivityId());
    RequestChecks.checkLength("identity", request.getIdentity());
    blobs.check(target.namespaceName(), "details", request.getDetails());
    return results.send(target, request, HistoryServiceBlockingStub::respondActivityTaskCanceled,
        RespondActivityTaskCanceledByIdResponse.parser());
  }
}
