package dev.conduit.frontend;

import com.google.protobuf.Duration;
import dev.conduit.config.cluster.ClusterMetadataConfig;
import dev.conduit.config.dynamic.DynamicConfig;
import dev.conduit.client.CallSettings;
import dev.conduit.client.Router;
import dev.conduit.client.history.HistoryServiceClient;
import dev.conduit.client.matching.MatchingServiceClient;
import dev.conduit.frontend.routing.Routing;
import dev.conduit.persistence.namespace.NamespaceRegistry;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A frontend over in-process gRPC with fake history and matching services behind static routers, and
 * two registered namespaces, {@code orders} and {@code other}. Calls run on the servers' default
 * executors, as in production, so long polls block a thread and client cancellation travels.
 */
final class WorkflowHarness implements AutoCloseable {
  static final int SHARDS = 8;

  final FakeHistory history = new FakeHistory();
  final FakeMatching matching = new FakeMatching();
  /** The ring keys the frontend asked the matching router for, in order: the routing key of each call. */
  final List<String> matchingQueues = new CopyOnWriteArrayList<>();
  final InMemoryNamespaceStore store = new InMemoryNamespaceStore();
  final WorkflowServiceGrpc.WorkflowServiceBlockingStub stub;
  final WorkflowServiceGrpc.WorkflowServiceStub asyncStub;
  final String ordersId;
  final String otherId;
  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

  WorkflowHarness() {
    this(testCalls(), DynamicConfig.defaults());
  }

  WorkflowHarness(CallSettings calls, DynamicConfig dynamicConfig) {
    Router toMatching = Router.fixed("matching", channel(serve(matching)));
    Router recording = key -> {
      matchingQueues.add(key);
      return toMatching.route(key);
    };
    Routing routing = new Routing(new HistoryServiceClient(Router.fixed("history", channel(serve(history))), SHARDS, calls),
        new MatchingServiceClient(recording, calls));
    closeables.push(routing);
    ClusterMetadataConfig metadata = TestClusters.metadata(TestClusters.ACTIVE);
    FrontendSettings settings = FrontendSettings.local(0, SHARDS);
    NamespaceRegistry registry = new NamespaceRegistry(store, Clock.systemUTC(), java.time.Duration.ofSeconds(10));
    FrontendContext context = new FrontendContext(settings, metadata, metadata.failoverVersions(), store, registry,
        Clock.systemUTC(), routing, dynamicConfig);
    ManagedChannel frontend = channel(serve(new WorkflowService(context)));
    stub = WorkflowServiceGrpc.newBlockingStub(frontend).withDeadlineAfter(30, TimeUnit.SECONDS);
    asyncStub = WorkflowServiceGrpc.newStub(frontend);
    ordersId = register("orders");
    otherId = register("other");
  }

  /** Short backoff so retry tests run fast; long polls as in production unless a test shortens them. */
  static CallSettings testCalls() {
    return CallSettings.defaults().withRetries(3, java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(5));
  }

  /** Registers a global namespace of both test clusters, active in {@code activeCluster}; returns its id. */
  String registerGlobal(String name, String activeCluster) {
    stub.registerNamespace(RegisterNamespaceRequest.newBuilder().setNamespace(name)
        .setIsGlobalNamespace(true)
        .addClusters(io.temporal.api.replication.v1.ClusterReplicationConfig.newBuilder().setClusterName(TestClusters.ACTIVE))
        .addClusters(io.temporal.api.replication.v1.ClusterReplicationConfig.newBuilder().setClusterName(TestClusters.STANDBY))
        .setActiveClusterName(activeCluster)
        .setWorkflowExecutionRetentionPeriod(Duration.newBuilder().setSeconds(86_400)).build());
    return stub.describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(name).build())
        .getNamespaceInfo().getId();
  }

  private String register(String name) {
    stub.registerNamespace(RegisterNamespaceRequest.newBuilder().setNamespace(name)
        .setWorkflowExecutionRetentionPeriod(Duration.newBuilder().setSeconds(86_400)).build());
    return stub.describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(name).build())
        .getNamespaceInfo().getId();
  }

  private String serve(BindableService service) {
    String name = InProcessServerBuilder.generateName();
    try {
      Server server = InProcessServerBuilder.forName(name).addService(service).build().start();
      closeables.push(() -> server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return name;
  }

  private ManagedChannel channel(String name) {
    ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
    closeables.push(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return channel;
  }

  @Override
  public void close() {
    while (!closeables.isEmpty()) {
      try {
        closeables.pop().close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the harness failed", e);
      }
    }
  }
}
