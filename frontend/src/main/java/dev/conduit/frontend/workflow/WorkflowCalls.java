package dev.conduit.frontend.workflow;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import dev.conduit.client.history.HistoryServiceClient;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import dev.conduit.proto.history.v1.WorkflowRequest;
import dev.conduit.proto.history.v1.WorkflowResponse;
import java.util.function.BiFunction;

/**
 * The common path of the workflow-scoped calls history takes as a {@link WorkflowRequest} (signal,
 * signal-with-start, cancel, terminate, query): the public request travels whole to the history shard
 * of its workflow id, and history's answer is the public response.
 */
public final class WorkflowCalls {
  private final HistoryServiceClient history;

  public WorkflowCalls(HistoryServiceClient history) {
    this.history = history;
  }

  /** Sends {@code request} to the shard of {@code workflowId} and parses history's answer. */
  public <R> R send(String namespaceId, String workflowId, MessageLite request,
      BiFunction<HistoryServiceBlockingStub, WorkflowRequest, WorkflowResponse> rpc, Parser<R> responseParser) {
    WorkflowRequest forwarded = forwarded(namespaceId, request);
    return parse(history.call(namespaceId, workflowId, stub -> rpc.apply(stub, forwarded)), responseParser);
  }

  /** {@link #send} for a call history may hold until the caller's deadline or its long poll (an update's wait). */
  public <R> R sendLongPoll(String namespaceId, String workflowId, MessageLite request,
      BiFunction<HistoryServiceBlockingStub, WorkflowRequest, WorkflowResponse> rpc, Parser<R> responseParser) {
    WorkflowRequest forwarded = forwarded(namespaceId, request);
    return parse(history.longPoll(namespaceId, workflowId, stub -> rpc.apply(stub, forwarded)), responseParser);
  }

  private static WorkflowRequest forwarded(String namespaceId, MessageLite request) {
    return WorkflowRequest.newBuilder()
        .setNamespaceId(namespaceId)
        .setRequest(request.toByteString())
        .build();
  }

  private static <R> R parse(WorkflowResponse answer, Parser<R> responseParser) {
    return Encoded.parse(responseParser, answer.getResponse(), "history");
  }
}
