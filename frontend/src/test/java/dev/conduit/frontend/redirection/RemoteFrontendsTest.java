package dev.conduit.frontend.redirection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Context;
import io.grpc.Status;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RemoteFrontendsTest {
  private static final StartWorkflowExecutionRequest START =
      StartWorkflowExecutionRequest.newBuilder().setNamespace("orders").setWorkflowId("w").build();
  private final FakeRemoteFrontend standby = new FakeRemoteFrontend("standby");
  private RemoteFrontends remotes;

  @AfterEach
  void close() {
    if (remotes != null) {
      remotes.close();
    }
    standby.close();
  }

  @Test
  void aForwardedCallReachesTheRemoteMarkedForwardedAndItsAnswerComesBack() {
    remotes = new RemoteFrontends(RemoteClusters.directory(Map.of("standby", standby.port())),
        RemoteClusters.fast(Duration.ofSeconds(5)));

    var response = remotes.call("standby", WorkflowServiceGrpc.getStartWorkflowExecutionMethod(), START, false);

    assertThat(response.getRunId()).isEqualTo("run-from-standby");
    assertThat(standby.forwardedMarks).containsExactly(true);
  }

  @Test
  void unavailableIsRetriedWithBackoffThenReportedNamingTheCluster() {
    standby.failure = () -> Status.UNAVAILABLE.withDescription("shutting down").asRuntimeException();
    remotes = new RemoteFrontends(RemoteClusters.directory(Map.of("standby", standby.port())),
        RemoteClusters.fast(Duration.ofSeconds(5)));

    RemoteClusterUnavailableException e = catchThrowableOfType(RemoteClusterUnavailableException.class,
        () -> remotes.call("standby", WorkflowServiceGrpc.getStartWorkflowExecutionMethod(), START, false));

    assertThat(standby.forwardedMarks).hasSize(3);
    assertThat(e.cluster()).isEqualTo("standby");
    assertThat(e.getMessage()).contains("cluster standby (127.0.0.1:" + standby.port() + ") is unavailable")
        .contains("shutting down");
  }

  @Test
  void otherErrorsPassThroughUnchangedAndAreNotRetried() {
    standby.failure = () -> Status.NOT_FOUND.withDescription("no such workflow").asRuntimeException();
    remotes = new RemoteFrontends(RemoteClusters.directory(Map.of("standby", standby.port())),
        RemoteClusters.fast(Duration.ofSeconds(5)));

    io.grpc.StatusRuntimeException e = catchThrowableOfType(io.grpc.StatusRuntimeException.class,
        () -> remotes.call("standby", WorkflowServiceGrpc.getStartWorkflowExecutionMethod(), START, false));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(standby.forwardedMarks).hasSize(1);
    assertThat(remotes.breaker("standby").getMetrics().getNumberOfFailedCalls()).isZero();
  }

  @Test
  void aRemoteThatIsDownIsUnavailableNamingItAndRepeatedFailuresOpenItsBreaker() throws Exception {
    int nobody;
    try (ServerSocket socket = new ServerSocket(0)) {
      nobody = socket.getLocalPort();
    }
    remotes = new RemoteFrontends(RemoteClusters.directory(Map.of("standby", nobody)),
        RemoteClusters.fast(Duration.ofSeconds(5)));

    RemoteClusterUnavailableException down = catchThrowableOfType(RemoteClusterUnavailableException.class,
        () -> remotes.call("standby", WorkflowServiceGrpc.getStartWorkflowExecutionMethod(), START, false));
    RemoteClusterUnavailableException open = catchThrowableOfType(RemoteClusterUnavailableException.class,
        () -> remotes.call("standby", WorkflowServiceGrpc.getStartWorkflowExecutionMethod(), START, false));

    assertThat(down.getMessage()).startsWith("cluster standby (127.0.0.1:" + nobody + ") is unavailable: UNAVAILABLE");
    assertThat(open.getMessage()).contains("cluster standby").contains("circuit breaker open");
  }

  @Test
  void aRemoteThatDoesNotAnswerIsUnavailableAfterTheForwardingTimeoutNotAHang() {
    standby.hang = true;
    remotes = new RemoteFrontends(RemoteClusters.directory(Map.of("standby", standby.port())),
        RemoteClusters.fast(Duration.ofMillis(300)));

    RemoteClusterUnavailableException e = catchThrowableOfType(RemoteClusterUnavailableException.class,
        () -> remotes.call("standby", WorkflowServiceGrpc.getStartWorkflowExecutionMethod(), START, false));

    assertThat(e.getMessage()).contains("cluster standby").contains("no answer within 300 ms");
  }

  @Test
  void aLongRunningCallKeepsTheCallersDeadlineInsteadOfTheForwardingTimeout() throws Exception {
    standby.hang = true;
    remotes = new RemoteFrontends(RemoteClusters.directory(Map.of("standby", standby.port())),
        RemoteClusters.fast(Duration.ofMillis(100)));
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    // the context's own cancellation runs on this timer; holding it busy makes the call's deadline come first,
    // as it can in production, so only the clock tells that the caller's deadline is the one that passed
    CountDownLatch callReturned = new CountDownLatch(1);
    timer.execute(() -> {
      try {
        callReturned.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try {
      Context.CancellableContext caller = Context.current().withDeadlineAfter(1500, TimeUnit.MILLISECONDS, timer);
      Throwable longPoll = caller.call(() -> catchThrowable(
          () -> remotes.call("standby", WorkflowServiceGrpc.getStartWorkflowExecutionMethod(), START, true)));
      boolean cancelledWhenItReturned = caller.isCancelled();
      callReturned.countDown();
      caller.cancel(null);

      // the caller's own deadline ended it, not the 100 ms forwarding timeout
      assertThat(cancelledWhenItReturned).isFalse();
      assertThat(longPoll).isInstanceOf(io.grpc.StatusRuntimeException.class);
      assertThat(((io.grpc.StatusRuntimeException) longPoll).getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
      assertThat(caller.getDeadline().isExpired()).isTrue();
    } finally {
      callReturned.countDown();
      timer.shutdownNow();
    }
  }

  @Test
  void aLongPollTestingAHalfOpenBreakerDoesNotShutOtherCallsOut() throws Exception {
    remotes = new RemoteFrontends(RemoteClusters.directory(Map.of("standby", standby.port())),
        RemoteClusters.fast(Duration.ofSeconds(5)));
    var breaker = remotes.breaker("standby");
    breaker.transitionToOpenState();
    breaker.transitionToHalfOpenState();
    var poll = io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest.newBuilder().setNamespace("orders").build();
    ExecutorService pollers = Executors.newSingleThreadExecutor();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    Context.CancellableContext caller = Context.current().withDeadlineAfter(30, TimeUnit.SECONDS, timer);
    try {
      pollers.submit(caller.wrap(() -> catchThrowable(
          () -> remotes.call("standby", WorkflowServiceGrpc.getPollWorkflowTaskQueueMethod(), poll, true))));
      while (standby.polls.get() == 0) {
        Thread.onSpinWait();
      }

      // the poll is waiting on the remote; a start still gets through and its success closes the breaker
      var response = remotes.call("standby", WorkflowServiceGrpc.getStartWorkflowExecutionMethod(), START, false);

      assertThat(response.getRunId()).isEqualTo("run-from-standby");
      assertThat(breaker.getState()).isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED);
    } finally {
      caller.cancel(null);
      pollers.shutdownNow();
      timer.shutdownNow();
    }
  }

  @Test
  void aClusterThisOneDoesNotKnowIsUnavailableNamingIt() {
    remotes = new RemoteFrontends(RemoteClusters.directory(Map.of("standby", standby.port())),
        RemoteClusters.fast(Duration.ofSeconds(5)));

    RemoteClusterUnavailableException e = catchThrowableOfType(RemoteClusterUnavailableException.class,
        () -> remotes.call("elsewhere", WorkflowServiceGrpc.getStartWorkflowExecutionMethod(), START, false));

    assertThat(e.getMessage()).isEqualTo("cluster elsewhere is unavailable: this cluster does not know it");
  }
}
