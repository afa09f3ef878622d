package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.validation.BlobSizeLimits;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.TaskResults;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatByIdRequest;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatByIdResponse;

/**
 * An activity's heartbeat addressed by workflow, run and activity id. History's answer tells whether the
 * activity's cancellation was requested; both response forms share their fields.
 */
public final class RecordActivityTaskHeartbeatById
    implements Operation<RecordActivityTaskHeartbeatByIdRequest, RecordActivityTaskHeartbeatByIdResponse> {
  private final TaskResults results;
  private final BlobSizeLimits blobs;

  public RecordActivityTaskHeartbeatById(FrontendContext context) {
    this.results = new TaskResults(context);
    this.blobs = new BlobSizeLimits(context.dynamicConfig());
  }

  @Override
  public RecordActivityTaskHeartbeatByIdResponse handle(RecordActivityTaskHeartbeatByIdRequest request) {
    TaskResults.Target target = results.byId(request.getNamespace(), request.getWorkflowId(), request.getRunId(),
        request.getActivityId());
    RequestChecks.checkLength("identity", request.getIdentity());
    blobs.check(target.namespaceName(), "details", request.getDetails());
    return results.send(target, request, HistoryServiceBlockingStub::recordActivityTaskHeartbeat,
        RecordActivityTaskHeartbeatByIdResponse.parser());
  }
}
