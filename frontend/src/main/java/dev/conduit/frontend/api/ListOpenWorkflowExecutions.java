package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.visibility.VisibilityReader;
import dev.conduit.frontend.workflow.Namespaces;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsResponse;

/** Lists a namespace's open runs by start time, workflow id or type (the API before visibility queries). */
public final class ListOpenWorkflowExecutions implements Operation<ListOpenWorkflowExecutionsRequest, ListOpenWorkflowExecutionsResponse> {
  private final Namespaces namespaces;
  private final VisibilityReader visibility;

  public ListOpenWorkflowExecutions(FrontendContext context, VisibilityReader visibility) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.visibility = visibility;
  }

  @Override
  public ListOpenWorkflowExecutionsResponse handle(ListOpenWorkflowExecutionsRequest request) {
    NamespaceDetail namespace = namespaces.byName(request.getNamespace());
    VisibilityReader.Listing listing = visibility.list(namespace,
        LegacyFilters.query("ExecutionStatus = 'Running'", request.hasStartTimeFilter() ? request.getStartTimeFilter() : null,
            "StartTime", request.hasExecutionFilter() ? request.getExecutionFilter().getWorkflowId() : "",
            request.hasTypeFilter() ? request.getTypeFilter().getName() : ""),
        request.getMaximumPageSize(), request.getNextPageToken());
    return ListOpenWorkflowExecutionsResponse.newBuilder().addAllExecutions(listing.executions())
        .setNextPageToken(listing.nextPageToken()).build();
  }
}
