package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.frontend.validation.BlobSizeLimits;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.Namespaces;
import dev.conduit.frontend.workflow.WorkflowCalls;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.QueryRejectCondition;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;

/**
 * Queries a workflow run (open or closed) through the history shard of its id. History has a worker
 * answer it, through matching's query task, within the call's deadline (the normal 30 s, or the client's
 * own if earlier: the SDKs give a query 10 s); DEADLINE_EXCEEDED when no worker answered in time, and a
 * failed query comes back as history reports it.
 */
public final class QueryWorkflow implements Operation<QueryWorkflowRequest, QueryWorkflowResponse> {
  private final Namespaces namespaces;
  private final BlobSizeLimits blobs;
  private final WorkflowCalls calls;

  public QueryWorkflow(FrontendContext context) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.blobs = new BlobSizeLimits(context.dynamicConfig());
    this.calls = new WorkflowCalls(context.historyClient());
  }

  @Override
  public QueryWorkflowResponse handle(QueryWorkflowRequest request) {
    String namespaceId = namespaces.byName(request.getNamespace()).getInfo().getId();
    WorkflowExecution execution = RequestChecks.requireExecution("execution", request.getExecution());
    if (!request.hasQuery()) {
      throw new InvalidArgumentException("query", "is required");
    }
    WorkflowQuery query = request.getQuery();
    RequestChecks.requireId("query.query_type", query.getQueryType());
    blobs.check(request.getNamespace(), "query.query_args", query.getQueryArgs());
    blobs.check(request.getNamespace(), "query.header", query.getHeader());
    if (request.getQueryRejectCondition() == QueryRejectCondition.UNRECOGNIZED) {
      throw new InvalidArgumentException("query_reject_condition", "unknown value " + request.getQueryRejectConditionValue());
    }
    return calls.send(namespaceId, execution.getWorkflowId(), request,
        HistoryServiceBlockingStub::queryWorkflow, QueryWorkflowResponse.parser());
  }
}
