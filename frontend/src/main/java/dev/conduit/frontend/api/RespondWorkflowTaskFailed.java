package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.validation.BlobSizeLimits;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.TaskResults;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import dev.conduit.proto.token.v1.TaskKind;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedResponse;

/** A worker could not complete a workflow task (e.g. a replay failed); routed by its task token to history. */
public final class RespondWorkflowTaskFailed
    implements Operation<RespondWorkflowTaskFailedRequest, RespondWorkflowTaskFailedResponse> {
  private final TaskResults results;
  private final BlobSizeLimits blobs;

  public RespondWorkflowTaskFailed(FrontendContext context) {
    this.results = new TaskResults(context);
    this.blobs = new BlobSizeLimits(context.dynamicConfig());
  }

  @Override
  public RespondWorkflowTaskFailedResponse handle(RespondWorkflowTaskFailedRequest request) {
    TaskResults.Target target = results.target(request.getNamespace(), request.getTaskToken(), TaskKind.TASK_KIND_WORKFLOW);
    RequestChecks.checkLength("identity", request.getIdentity());
    RequestChecks.checkLength("binary_checksum", request.getBinaryChecksum());
    blobs.check(target.namespaceName(), "failure", request.getFailure());
    return results.send(target, request, HistoryServiceBlockingStub::respondWorkflowTaskFailed,
        RespondWorkflowTaskFailedResponse.parser());
  }
}
