package dev.conduit.it.matching;

import dev.conduit.matching.history.StaleTaskException;
import dev.conduit.proto.history.v1.HistoryServiceGrpc;
import dev.conduit.proto.history.v1.RecordActivityTaskStartedRequest;
import dev.conduit.proto.history.v1.RecordActivityTaskStartedResponse;
import dev.conduit.proto.history.v1.RecordWorkflowTaskStartedRequest;
import dev.conduit.proto.history.v1.RecordWorkflowTaskStartedResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** History's gRPC API on a loopback port, answering from a {@link RecordingHistory}; stale is NOT_FOUND as history answers it. */
final class FakeHistoryServer extends HistoryServiceGrpc.HistoryServiceImplBase implements AutoCloseable {
  private final RecordingHistory history;
  private final Server server;

  FakeHistoryServer(RecordingHistory history) throws IOException {
    this.history = history;
    this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(this).build().start();
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void recordWorkflowTaskStarted(RecordWorkflowTaskStartedRequest request, StreamObserver<RecordWorkflowTaskStartedResponse> response) {
    answer(response, () -> history.recordWorkflowTaskStarted(request));
  }

  @Override
  public void recordActivityTaskStarted(RecordActivityTaskStartedRequest request, StreamObserver<RecordActivityTaskStartedResponse> response) {
    answer(response, () -> history.recordActivityTaskStarted(request));
  }

  private static <T> void answer(StreamObserver<T> response, Supplier<T> call) {
    try {
      response.onNext(call.get());
      response.onCompleted();
    } catch (StaleTaskException e) {
      response.onError(Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException());
    }
  }

  @Override
  public void close() {
    try {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
