package dev.conduit.matching.history;

import dev.conduit.proto.history.v1.HistoryServiceGrpc;
import dev.conduit.proto.history.v1.RecordActivityTaskStartedRequest;
import dev.conduit.proto.history.v1.RecordActivityTaskStartedResponse;
import dev.conduit.proto.history.v1.RecordWorkflowTaskStartedRequest;
import dev.conduit.proto.history.v1.RecordWorkflowTaskStartedResponse;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@link HistoryClient} over history's internal gRPC API. NOT_FOUND means the task is stale; every other
 * failure, the call timeout included, is {@link HistoryUnavailableException}.
 */
public final class GrpcHistoryClient implements HistoryClient {
  private final HistoryServiceGrpc.HistoryServiceBlockingStub stub;
  private final Duration callTimeout;

  /** {@code channel} reaches the history host that owns the workflow's shard (or routes to it). */
  public GrpcHistoryClient(Channel channel, Duration callTimeout) {
    this.stub = HistoryServiceGrpc.newBlockingStub(channel);
    this.callTimeout = callTimeout;
  }

  @Override
  public RecordWorkflowTaskStartedResponse recordWorkflowTaskStarted(RecordWorkflowTaskStartedRequest request) {
    return call("RecordWorkflowTaskStarted", () -> withDeadline().recordWorkflowTaskStarted(request));
  }

  @Override
  public RecordActivityTaskStartedResponse recordActivityTaskStarted(RecordActivityTaskStartedRequest request) {
    return call("RecordActivityTaskStarted", () -> withDeadline().recordActivityTaskStarted(request));
  }

  private HistoryServiceGrpc.HistoryServiceBlockingStub withDeadline() {
    return stub.withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
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
