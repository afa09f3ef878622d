package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.Namespaces;
import io.temporal.api.workflowservice.v1.ShutdownWorkerRequest;
import io.temporal.api.workflowservice.v1.ShutdownWorkerResponse;

/**
 * A worker going away, naming its sticky task queue. Matching has no call to drop a sticky queue yet, so
 * this only checks the request and answers OK: workflows sticky to that worker fall back to their normal
 * queue, with full history, once their sticky schedule-to-start timeout passes unclaimed.
 */
public final class ShutdownWorker implements Operation<ShutdownWorkerRequest, ShutdownWorkerResponse> {
  private final Namespaces namespaces;

  public ShutdownWorker(FrontendContext context) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
  }

  @Override
  public ShutdownWorkerResponse handle(ShutdownWorkerRequest request) {
    namespaces.byName(request.getNamespace());
    RequestChecks.checkLength("sticky_task_queue", request.getStickyTaskQueue());
    RequestChecks.checkLength("identity", request.getIdentity());
    return ShutdownWorkerResponse.getDefaultInstance();
  }
}
