package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.validation.BlobSizeLimits;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.TaskResults;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import dev.conduit.proto.token.v1.TaskKind;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedResponse;

/** An activity's result, routed by its task token to the history shard of its workflow. */
public final class RespondActivityTaskCompleted
    implements Operation<RespondActivityTaskCompletedRequest, RespondActivityTaskCompletedResponse> {
  private final TaskResults results;
  private final BlobSizeLimits blobs;

  public RespondActivityTaskCompleted(FrontendContext context) {
    this.results = new TaskResults(context);
    this.blobs = new BlobSizeLimits(context.dynamicConfig());
  }

  @Override
  public RespondActivityTaskCompletedResponse handle(RespondActivityTaskCompletedRequest request) {
    TaskResults.Target target = results.target(request.getNamespace(), request.getTaskToken(), TaskKind.TASK_KIND_ACTIVITY);
    RequestChecks.checkLength("identity", request.getIdentity());
    blobs.check(target.namespaceName(), "result", request.getResult());
    return results.send(target, request, HistoryServiceBlockingStub::respondActivityTaskCompleted,
        RespondActivityTaskCompletedResponse.parser());
  }
}
