package dev.conduit.matching.history;

import dev.conduit.client.history.HistoryServiceClient;
import dev.conduit.proto.history.v1.RecordActivityTaskStartedRequest;
import dev.conduit.proto.history.v1.RecordActivityTaskStartedResponse;
import dev.conduit.proto.history.v1.RecordWorkflowTaskStartedRequest;
import dev.conduit.proto.history.v1.RecordWorkflowTaskStartedResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.function.Supplier;

/**
 * {@link HistoryClient} over the shared {@link HistoryServiceClient}: each call goes to the owner of the workflow's
 * shard, UNAVAILABLE retried there. NOT_FOUND means the task is stale; every other failure, the call timeout
 * included, is {@link HistoryUnavailableException}.
 */
public final class GrpcHistoryClient implements HistoryClient {
  private final HistoryServiceClient history;

  public GrpcHistoryClient(HistoryServiceClient history) {
    this.history = history;
  }

  @Override
  public RecordWorkflowTaskStartedResponse recordWorkflowTaskStarted(RecordWorkflowTaskStartedRequest request) {
    return call("RecordWorkflowTaskStarted", () -> history.call(request.getNamespaceId(), request.getWorkflowId(),
        stub -> stub.recordWorkflowTaskStarted(request)));
  }

  @Override
  public RecordActivityTaskStartedResponse recordActivityTaskStarted(RecordActivityTaskStartedRequest request) {
    return call("RecordActivityTaskStarted", () -> history.call(request.getNamespaceId(), request.getWorkflowId(),
        stub -> stub.recordActivityTaskStarted(request)));
  }

  private static <T> T call(String method, Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw new StaleTaskException(method + ": " + e.getStatus().getDescription());
      }
      throw new HistoryUnavailableException(method + " failed: " + e.getStatus(), e);
    }
  }
}
