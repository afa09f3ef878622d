package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.validation.BlobSizeLimits;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.TaskResults;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedByIdRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedByIdResponse;

/**
 * An activity's result addressed by workflow, run and activity id instead of a task token (async
 * completion by a process that only knows the ids), routed by workflow id. History gets the request as
 * sent, marked {@code by_id} with the activity id to find the activity by.
 */
public final class RespondActivityTaskCompletedById
    implements Operation<RespondActivityTaskCompletedByIdRequest, RespondActivityTaskCompletedByIdResponse> {
  private final TaskResults results;
  private final BlobSizeLimits blobs;

  public RespondActivityTaskCompletedById(FrontendContext context) {
    this.results = new TaskResults(context);
    this.blobs = new BlobSizeLimits(context.dynamicConfig());
  }

  @Override
  public RespondActivityTaskCompletedByIdResponse handle(RespondActivityTaskCompletedByIdRequest request) {
    TaskResults.Target target = results.byId(request.getNamespace(), request.getWorkflowId(), request.getRunId(),
        request.getActivityId());
    RequestChecks.checkLength("identity", request.getIdentity());
    blobs.check(target.namespaceName(), "result", request.getResult());
    return results.send(target, request, HistoryServiceBlockingStub::respondActivityTaskCompleted,
        RespondActivityTaskCompletedByIdResponse.parser());
  }
}
