package dev.conduit.frontend.redirection;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Another cluster's frontend on a loopback port, for the cross-cluster client: it answers a start with a run id
 * naming itself, or with the error a test sets, or not at all, and records whether each call came marked
 * forwarded.
 */
final class FakeRemoteFrontend implements AutoCloseable {
  final String name;
  final List<Boolean> forwardedMarks = new CopyOnWriteArrayList<>();
  volatile Supplier<StatusRuntimeException> failure;
  volatile boolean hang;
  /** Workflow-task polls received; they are never answered, as a long poll on an empty queue. */
  final java.util.concurrent.atomic.AtomicInteger polls = new java.util.concurrent.atomic.AtomicInteger();
  private final Server server;

  FakeRemoteFrontend(String name) {
    this.name = name;
    WorkflowServiceGrpc.WorkflowServiceImplBase service = new WorkflowServiceGrpc.WorkflowServiceImplBase() {
      @Override
      public void startWorkflowExecution(StartWorkflowExecutionRequest request,
          StreamObserver<StartWorkflowExecutionResponse> observer) {
        forwardedMarks.add(ForwardedCalls.isForwarded());
        if (hang) {
          return;
        }
        Supplier<StatusRuntimeException> failing = failure;
        if (failing != null) {
          observer.onError(failing.get());
          return;
        }
        observer.onNext(StartWorkflowExecutionResponse.newBuilder().setRunId("run-from-" + name).build());
        observer.onCompleted();
      }

      @Override
      public void pollWorkflowTaskQueue(io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest request,
          StreamObserver<io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse> observer) {
        polls.incrementAndGet();
      }
    };
    try {
      server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .addService(ServerInterceptors.intercept(service, new ForwardedCalls())).build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
