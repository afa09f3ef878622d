package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.visibility.VisibilityReader;
import dev.conduit.frontend.workflow.Namespaces;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsResponse;
import dev.conduit.visibility.store.VisibilityDocuments;
/** Lists a namespace's closed runs by close time, status, workflow id or type (the API before visibility queries). */
public final class ListClosedWorkflowExecutions implements Operation<ListClosedWorkflowExecutionsRequest, ListClosedWorkflowExecutionsResponse> {
  private final Namespaces namespaces;
  private final VisibilityReader visibility;

  public ListClosedWorkflowExecutions(FrontendContext context, VisibilityReader visibility) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.visibility = visibility;
  }

  @Override
  public ListClosedWorkflowExecutionsResponse handle(ListClosedWorkflowExecutionsRequest request) {
    NamespaceDetail namespace = namespaces.byName(request.getNamespace());
    String status = request.hasStatusFilter()
        ? "ExecutionStatus = '" + VisibilityDocuments.statusName(request.getStatusFilter().getStatus()) + "'"
        : "ExecutionStatus != 'Running'";
    VisibilityReader.Listing listing = visibility.list(namespace,
        LegacyFilters.query(status, request.hasStartTimeFilter() ? request.getStartTimeFilter() : null, "CloseTime",
            request.hasExecutionFilter() ? request.getExecutionFilter().getWorkflowId() : "",
            request.hasTypeFilter() ? request.getTypeFilter().getName() : ""),
        request.getMaximumPageSize(), request.getNextPageToken());
    return ListClosedWorkflowExecutionsResponse.newBuilder().addAllExecutions(listing.executions())
        .setNextPageToken(listing.nextPageToken()).build();
  }
}
