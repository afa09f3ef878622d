package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.visibility.VisibilityReader;
import dev.conduit.frontend.workflow.Namespaces;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import io.temporal.api.workflowservice.v1.ScanWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ScanWorkflowExecutionsResponse;

/** Scans a namespace's runs that match a visibility query: the same pages as a listing (Temporal deprecates scan in its favour). */
public final class ScanWorkflowExecutions implements Operation<ScanWorkflowExecutionsRequest, ScanWorkflowExecutionsResponse> {
  private final Namespaces namespaces;
  private final VisibilityReader visibility;

  public ScanWorkflowExecutions(FrontendContext context, VisibilityReader visibility) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.visibility = visibility;
  }

  @Override
  public ScanWorkflowExecutionsResponse handle(ScanWorkflowExecutionsRequest request) {
    NamespaceDetail namespace = namespaces.byName(request.getNamespace());
    VisibilityReader.Listing listing = visibility.list(namespace, request.getQuery(), request.getPageSize(),
        request.getNextPageToken());
    return ScanWorkflowExecutionsResponse.newBuilder().addAllExecutions(listing.executions())
        .setNextPageToken(listing.nextPageToken()).build();
  }
}
