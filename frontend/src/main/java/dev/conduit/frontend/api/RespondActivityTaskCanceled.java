package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.validation.BlobSizeLimits;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.TaskResults;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import dev.conduit.proto.token.v1.TaskKind;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledResponse;

/** An activity acknowledging its cancellation, routed by its task token to history. */
public final class RespondActivityTaskCanceled
    implements Operation<RespondActivityTaskCanceledRequest, RespondActivityTaskCanceledResponse> {
  private final TaskResults results;
  private final BlobSizeLimits blobs;

  public RespondActivityTaskCanceled(FrontendContext context) {
    this.results = new TaskResults(context);
    this.blobs = new BlobSizeLimits(context.dynamicConfig());
  }

  @Override
  public RespondActivityTaskCanceledResponse handle(RespondActivityTaskCanceledRequest request) {
    TaskResults.Target target = results.target(request.getNamespace(), request.getTaskToken(), TaskKind.TASK_KIND_ACTIVITY);
    RequestChecks.checkLength("identity", request.getIdentity());
    blobs.check(target.namespaceName(), "details", request.getDetails());
    return results.send(target, request, HistoryServiceBlockingStub::respondActivityTaskCanceled,
        RespondActivityTaskCanceledResponse.parser());
  }
}
