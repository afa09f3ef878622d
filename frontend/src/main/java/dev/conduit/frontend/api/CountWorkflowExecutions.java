package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.visibility.VisibilityReader;
import dev.conduit.frontend.workflow.Namespaces;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsResponse.AggregationGroup;
/** Counts a namespace's runs that match a visibility query, per ExecutionStatus with {@code GROUP BY ExecutionStatus}. */
public final class CountWorkflowExecutions implements Operation<CountWorkflowExecutionsRequest, CountWorkflowExecutionsResponse> {
  private final Namespaces namespaces;
  private final VisibilityReader visibility;

  public CountWorkflowExecutions(FrontendContext context, VisibilityReader visibility) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.visibility = visibility;
  }

  @Override
  public CountWorkflowExecutionsResponse handle(CountWorkflowExecutionsRequest request) {
    NamespaceDetail namespace = namespaces.byName(request.getNamespace());
    VisibilityReader.Counted counted = visibility.count(namespace, request.getQuery());
    CountWorkflowExecutionsResponse.Builder response = CountWorkflowExecutionsResponse.newBuilder()
        .setCount(counted.total());
    counted.groups().forEach((value, count) -> response.addGroups(AggregationGroup.newBuilder()
        .addGroupValues(VisibilityReader.groupValue(value)).setCount(count)));
    return response.build();
  }
}
