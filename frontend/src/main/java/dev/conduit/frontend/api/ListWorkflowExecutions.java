package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.visibility.VisibilityReader;
import dev.conduit.frontend.workflow.Namespaces;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;

/** Lists a namespace's runs that match a visibility query, newest first unless the query orders them, page by page. */
public final class ListWorkflowExecutions implements Operation<ListWorkflowExecutionsRequest, ListWorkflowExecutionsResponse> {
  private final Namespaces namespaces;
  private final VisibilityReader visibility;

  public ListWorkflowExecutions(FrontendContext context, VisibilityReader visibility) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.visibility = visibility;
  }

  @Override
  public ListWorkflowExecutionsResponse handle(ListWorkflowExecutionsRequest request) {
    NamespaceDetail namespace = namespaces.byName(request.getNamespace());
    VisibilityReader.Listing listing = visibility.list(namespace, request.getQuery(), request.getPageSize(),
        request.getNextPageToken());
    return ListWorkflowExecutionsResponse.newBuilder().addAllExecutions(listing.executions())
        .setNextPageToken(listing.nextPageToken()).build();
  }
}
