package dev.conduit.frontend.redirection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.conduit.config.dynamic.DynamicConfig;
import dev.conduit.frontend.InMemoryNamespaceStore;
import dev.conduit.frontend.api.Operation;
import dev.conduit.frontend.api.Unary;
import dev.conduit.frontend.errors.ApiErrors;
import dev.conduit.persistence.namespace.NamespaceRegistry;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The forwarding wrapper seen from cluster {@code active}, with other clusters' frontends on loopback ports: what
 * is forwarded where, what is answered here, and the one retry when the target names a third cluster.
 */
class RedirectionTest {
  private final FakeRemoteFrontend standby = new FakeRemoteFrontend("standby");
  private final FakeRemoteFrontend other = new FakeRemoteFrontend("other");
  private final InMemoryNamespaceStore store = new InMemoryNamespaceStore();
  private final NamespaceRegistry registry = new NamespaceRegistry(store, Clock.systemUTC(), Duration.ofSeconds(10));
  private final AtomicInteger localCalls = new AtomicInteger();
  private final Operation<StartWorkflowExecutionRequest, StartWorkflowExecutionResponse> local = request -> {
    localCalls.incrementAndGet();
    return StartWorkflowExecutionResponse.newBuilder().setRunId("run-from-active").build();
  };
  private final RemoteFrontends remotes;
  private final Operation<StartWorkflowExecutionRequest, StartWorkflowExecutionResponse> start;
  private Server server;
  private ManagedChannel channel;

  RedirectionTest() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("standby", standby.port());
    ports.put("other", other.port());
    remotes = new RemoteFrontends(RemoteClusters.directory(ports), RemoteClusters.fast(Duration.ofSeconds(5)));
    Redirection redirection = new Redirection(
        new ForwardingDecision(RedirectionPolicy.SELECTED_APIS_FORWARDING, "active", DynamicConfig.defaults()),
        remotes, registry, "active");
    start = redirection.wrap(WorkflowServiceGrpc.getStartWorkflowExecutionMethod(), local);
  }

  @AfterEach
  void close() {
    if (channel != null) {
      channel.shutdownNow();
      server.shutdownNow();
    }
    remotes.close();
    standby.close();
    other.close();
  }

  @Test
  void aStartOfANamespaceActiveElsewhereIsAnsweredByTheActiveCluster() {
    register("orders", "standby");

    assertThat(start.handle(start("orders")).getRunId()).isEqualTo("run-from-standby");
    assertThat(localCalls).hasValue(0);
    assertThat(standby.forwardedMarks).containsExactly(true);
  }

  @Test
  void namespacesActiveHereLocalOnesAndUnknownOnesAreAnsweredHere() {
    register("here", "active");
    store.create(detail("local", "active").toBuilder().setIsGlobal(false).build());

    assertThat(start.handle(start("here")).getRunId()).isEqualTo("run-from-active");
    assertThat(start.handle(start("local")).getRunId()).isEqualTo("run-from-active");
    assertThat(start.handle(start("unknown")).getRunId()).isEqualTo("run-from-active");
    assertThat(standby.forwardedMarks).isEmpty();
  }

  @Test
  void whenTheTargetNamesAThirdClusterTheCallGoesThereOnce() {
    register("orders", "standby");
    standby.failure = () -> ApiErrors.namespaceNotActive("orders", "standby", "other");

    assertThat(start.handle(start("orders")).getRunId()).isEqualTo("run-from-other");
    assertThat(standby.forwardedMarks).hasSize(1);
    assertThat(other.forwardedMarks).containsExactly(true);
  }

  @Test
  void whenTheTargetNamesThisClusterItsNamespaceNotActiveReachesTheCallerWithoutALoop() {
    register("orders", "standby");
    standby.failure = () -> ApiErrors.namespaceNotActive("orders", "standby", "active");

    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> start.handle(start("orders")));

    assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.FAILED_PRECONDITION);
    assertThat(Redirection.activeClusterNamed(e)).contains("active");
    assertThat(standby.forwardedMarks).hasSize(1);
    assertThat(localCalls).hasValue(0);
  }

  @Test
  void aCallThatArrivesForwardedIsAnsweredHereEvenForANamespaceActiveElsewhere() throws Exception {
    register("orders", "standby");
    WorkflowServiceGrpc.WorkflowServiceBlockingStub stub = serve();

    var forwarded = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(ForwardedCalls.outgoingHeaders()))
        .startWorkflowExecution(start("orders"));
    var direct = stub.startWorkflowExecution(start("orders"));

    assertThat(forwarded.getRunId()).isEqualTo("run-from-active");
    assertThat(direct.getRunId()).isEqualTo("run-from-standby");
    assertThat(localCalls).hasValue(1);
  }

  @Test
  void aPollForwardedToTheActiveClusterIsReleasedEmptyWhenTheNamespaceFailsOver() throws Exception {
    register("orders", "standby");
    Redirection all = new Redirection(
        new ForwardingDecision(RedirectionPolicy.ALL_APIS_FORWARDING, "active", DynamicConfig.defaults()),
        remotes, registry, "active");
    Operation<PollWorkflowTaskQueueRequest, PollWorkflowTaskQueueResponse> localPoll = request -> {
      throw new AssertionError("not polled here while the namespace is active elsewhere");
    };
    Operation<PollWorkflowTaskQueueRequest, PollWorkflowTaskQueueResponse> poll =
        all.wrap(WorkflowServiceGrpc.getPollWorkflowTaskQueueMethod(), localPoll);
    java.util.concurrent.CompletableFuture<PollWorkflowTaskQueueResponse> answer =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> poll.handle(
            PollWorkflowTaskQueueRequest.newBuilder().setNamespace("orders").build()));
    // the state the test names: the poll waits on the active cluster
    await().atMost(Duration.ofSeconds(30)).until(() -> standby.polls.get() == 1);
    assertThat(answer).isNotDone();

    NamespaceDetail stored = store.getByName("orders").orElseThrow().detail();
    store.update(stored.toBuilder().setReplication(stored.getReplication().toBuilder().setActiveClusterName("active"))
        .build(), store.notificationVersion());

    assertThat(answer.get(30, java.util.concurrent.TimeUnit.SECONDS))
        .isEqualTo(PollWorkflowTaskQueueResponse.getDefaultInstance());
  }

  private WorkflowServiceGrpc.WorkflowServiceBlockingStub serve() throws Exception {
    String name = InProcessServerBuilder.generateName();
    WorkflowServiceGrpc.WorkflowServiceImplBase service = new WorkflowServiceGrpc.WorkflowServiceImplBase() {
      @Override
      public void startWorkflowExecution(StartWorkflowExecutionRequest request,
          StreamObserver<StartWorkflowExecutionResponse> observer) {
        Unary.call(start, request, observer);
      }
    };
    server = InProcessServerBuilder.forName(name).addService(ServerInterceptors.intercept(service, new ForwardedCalls()))
        .build().start();
    channel = InProcessChannelBuilder.forName(name).build();
    return WorkflowServiceGrpc.newBlockingStub(channel);
  }

  private void register(String name, String active) {
    store.create(detail(name, active));
  }

  private static NamespaceDetail detail(String name, String active) {
    return NamespaceDetail.newBuilder()
        .setInfo(NamespaceDetail.Info.newBuilder().setName(name).setId(UUID.randomUUID().toString())
            .setState(NamespaceDetail.State.STATE_REGISTERED))
        .setIsGlobal(true)
        .setReplication(NamespaceDetail.Replication.newBuilder().setActiveClusterName(active)
            .addAllClusters(List.of("active", "standby", "other")))
        .build();
  }

  private static StartWorkflowExecutionRequest start(String namespace) {
    return StartWorkflowExecutionRequest.newBuilder().setNamespace(namespace).setWorkflowId("w").build();
  }
}
