package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.validation.BlobSizeLimits;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.TaskResults;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import dev.conduit.proto.token.v1.TaskKind;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatRequest;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatResponse;

/**
 * An activity's heartbeat, routed by its task token. History's answer tells the activity whether its
 * cancellation was requested ({@code cancel_requested}).
 */
public final class RecordActivityTaskHeartbeat
    implements Operation<RecordActivityTaskHeartbeatRequest, RecordActivityTaskHeartbeatResponse> {
  private final TaskResults results;
  private final BlobSizeLimits blobs;

  public RecordActivityTaskHeartbeat(FrontendContext context) {
    this.results = new TaskResults(context);
    this.blobs = new BlobSizeLimits(context.dynamicConfig());
  }

  @Override
  public RecordActivityTaskHeartbeatResponse handle(RecordActivityTaskHeartbeatRequest request) {
    TaskResults.Target target = results.target(request.getNamespace(), request.getTaskToken(), TaskKind.TASK_KIND_ACTIVITY);
    RequestChecks.checkLength("identity", request.getIdentity());
    blobs.check(target.namespaceName(), "details", request.getDetails());
    return results.send(target, request, HistoryServiceBlockingStub::recordActivityTaskHeartbeat,
        RecordActivityTaskHeartbeatResponse.parser());
  }
}
