package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.client.history.HistoryServiceClient;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.Encoded;
import dev.conduit.frontend.workflow.Namespaces;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import java.util.function.Function;

/**
 * A page of a workflow's history from its shard. With {@code wait_new_event} it is a long poll: history
 * holds it until there is news or ~60 s passed and answers with a page token to poll again; should our
 * longer deadline pass first, the answer is an empty page carrying the caller's own token, so the client
 * polls again from where it was.
 */
public final class GetWorkflowExecutionHistory
    implements Operation<GetWorkflowExecutionHistoryRequest, GetWorkflowExecutionHistoryResponse> {
  private final Namespaces namespaces;
  private final HistoryServiceClient history;

  public GetWorkflowExecutionHistory(FrontendContext context) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.history = context.historyClient();
  }

  @Override
  public GetWorkflowExecutionHistoryResponse handle(GetWorkflowExecutionHistoryRequest request) {
    String namespaceId = namespaces.byName(request.getNamespace()).getInfo().getId();
    RequestChecks.requireExecution("execution", request.getExecution());
    String workflowId = request.getExecution().getWorkflowId();
    var forwarded = dev.conduit.proto.history.v1.GetWorkflowExecutionHistoryRequest.newBuilder()
        .setNamespaceId(namespaceId)
        .setRequest(request.toByteString())
        .build();
    Function<HistoryServiceBlockingStub, dev.conduit.proto.history.v1.GetWorkflowExecutionHistoryResponse> rpc =
        stub -> stub.getWorkflowExecutionHistory(forwarded);
    if (!request.getWaitNewEvent()) {
      return parse(history.call(namespaceId, workflowId, rpc));
    }
    try {
      return parse(history.longPoll(namespaceId, workflowId, rpc));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED) {
        throw e;
      }
      return GetWorkflowExecutionHistoryResponse.newBuilder().setNextPageToken(request.getNextPageToken()).build();
    }
  }

  private static GetWorkflowExecutionHistoryResponse parse(
      dev.conduit.proto.history.v1.GetWorkflowExecutionHistoryResponse answer) {
    return Encoded.parse(GetWorkflowExecutionHistoryResponse.parser(), answer.getResponse(), "history");
  }
}
