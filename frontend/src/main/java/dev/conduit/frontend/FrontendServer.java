package dev.conduit.frontend;

import dev.conduit.frontend.visibility.VisibilityReader;
import dev.conduit.visibility.store.ElasticsearchVisibilityStore;
import com.datastax.oss.driver.api.core.CqlSession;
import dev.conduit.config.cluster.ClusterMetadataConfig;
import dev.conduit.config.dynamic.DynamicConfig;
import dev.conduit.config.dynamic.DynamicKeys;
import dev.conduit.frontend.admin.AdminService;
import dev.conduit.frontend.cluster.ClusterDirectory;
import dev.conduit.frontend.cluster.GrpcClusterInfoFetcher;
import dev.conduit.frontend.redirection.ForwardedCalls;
import dev.conduit.frontend.redirection.ForwardingSettings;
import dev.conduit.frontend.redirection.RemoteFrontends;
import dev.conduit.frontend.routing.Routing;
import dev.conduit.frontend.validation.MessageSizeLimit;
import dev.conduit.persistence.cluster.CassandraRemoteClusterStore;
import dev.conduit.persistence.cluster.RemoteClusterStore;
import dev.conduit.persistence.namespace.CassandraNamespaceStore;
import dev.conduit.persistence.namespace.NamespaceRegistry;
import dev.conduit.persistence.namespace.NamespaceStore;
import dev.conduit.persistence.namespace.RetryingNamespaceStore;
import dev.conduit.persistence.cassandra.execution.CassandraRunSummaries;
import dev.conduit.persistence.replication.CassandraReplicationProgressStore;
import dev.conduit.persistence.replication.ReplicationProgressStore;
import dev.conduit.proto.admin.v1.AdminServiceGrpc;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.temporal.api.operatorservice.v1.OperatorServiceGrpc;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frontend process's gRPC server: {@link WorkflowService} (behind {@link ForwardedCalls}, which marks calls
 * another cluster's frontend forwarded), {@link OperatorService}, Conduit's own {@link AdminService} and the standard health service (SERVING
 * for both services and for {@code ""} once started) on
 * {@code bindHost:port}. Construct it from a Cassandra session bound to the cluster keyspace, the
 * cluster metadata, a clock and, for workflow calls, the {@link Routing} to history and matching plus the
 * dynamic config (without them it serves namespaces only); {@link #start()} binds, {@link #close()}
 * drains, stops and closes the routing's and the cross-cluster client's channels.
 */
public final class FrontendServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FrontendServer.class);
  // The Java SDK pings every 30 s even without calls; the netty default (5 min) would answer with GOAWAY.
  private static final long PERMIT_KEEPALIVE_SECONDS = 10;
  private static final long SHUTDOWN_GRACE_SECONDS = 5;

  private final FrontendSettings settings;
  private final FrontendContext context;
  private final AdminService admin;
  private Optional<ElasticsearchVisibilityStore> visibility = Optional.empty();
  private final HealthStatusManager health = new HealthStatusManager();
  private Server server;

  /** Namespaces only, in Cassandra through the session, with the default retry wrapper. */
  public FrontendServer(FrontendSettings settings, CqlSession session, ClusterMetadataConfig clusterMetadata, Clock clock) {
    this(settings, session, clusterMetadata, clock, Routing.none(), DynamicConfig.defaults());
  }

  /** Namespaces only, with any namespace store (tests use an in-memory one). */
  public FrontendServer(FrontendSettings settings, NamespaceStore store, ClusterMetadataConfig clusterMetadata, Clock clock) {
    this(settings, store, clusterMetadata, clock, Routing.none(), DynamicConfig.defaults());
  }

  /** The full frontend: namespaces and remote clusters in Cassandra, workflow calls routed to history and matching. */
  public FrontendServer(FrontendSettings settings, CqlSession session, ClusterMetadataConfig clusterMetadata, Clock clock,
      Routing routing, DynamicConfig dynamicConfig) {
    this(settings, RetryingNamespaceStore.withDefaults(new CassandraNamespaceStore(session)),
        Optional.of(new CassandraRemoteClusterStore(session)), Optional.of(new CassandraReplicationProgressStore(session)),
        Optional.of(new CassandraRunSummaries(session)::ofNamespace), clusterMetadata, clock, routing, dynamicConfig);
  }

  /** The full frontend with any namespace store and the config's clusters only (no OperatorService cluster store). */
  public FrontendServer(FrontendSettings settings, NamespaceStore store, ClusterMetadataConfig clusterMetadata, Clock clock,
      Routing routing, DynamicConfig dynamicConfig) {
    this(settings, store, Optional.empty(), clusterMetadata, clock, routing, dynamicConfig);
  }

  /** The full frontend with any stores; the server owns {@code routing} and closes it. */
  public FrontendServer(FrontendSettings settings, NamespaceStore store, Optional<RemoteClusterStore> remoteClusters,
      ClusterMetadataConfig clusterMetadata, Clock clock, Routing routing, DynamicConfig dynamicConfig) {
    this(settings, store, remoteClusters, Optional.empty(), clusterMetadata, clock, routing, dynamicConfig);
  }

  /** The full frontend with any stores, {@code progress} feeding the admin service's replication status. */
  public FrontendServer(FrontendSettings settings, NamespaceStore store, Optional<RemoteClusterStore> remoteClusters,
      Optional<ReplicationProgressStore> progress, ClusterMetadataConfig clusterMetadata, Clock clock, Routing routing,
      DynamicConfig dynamicConfig) {
    this(settings, store, remoteClusters, progress, Optional.empty(), clusterMetadata, clock, routing, dynamicConfig);
  }

  /** The full frontend with any stores; {@code runs} lists a namespace's runs for the admin service's verify. */
  public FrontendServer(FrontendSettings settings, NamespaceStore store, Optional<RemoteClusterStore> remoteClusters,
      Optional<ReplicationProgressStore> progress, Optional<AdminService.RunLister> runs,
      ClusterMetadataConfig clusterMetadata, Clock clock, Routing routing, DynamicConfig dynamicConfig) {
    this.settings = settings;
    NamespaceRegistry registry = NamespaceRegistry.refreshedBy(store, clock, dynamicConfig);
    ClusterDirectory clusters = new ClusterDirectory(clusterMetadata, settings.numHistoryShards(), remoteClusters, clock,
        () -> dynamicConfig.get(DynamicKeys.NAMESPACE_CACHE_REFRESH_INTERVAL));
    this.context = new FrontendContext(settings, clusterMetadata, clusterMetadata.failoverVersions(), store, registry,
        clock, routing, dynamicConfig, clusters, new GrpcClusterInfoFetcher(FrontendContext.CLUSTER_INFO_TIMEOUT),
        new RemoteFrontends(clusters, ForwardingSettings.defaults()));
    this.admin = new AdminService(context, progress, runs);
  }

  /** Answers list, scan and count calls from {@code store} (closed with the server); call before {@link #start()}. */
  public synchronized FrontendServer withVisibility(ElasticsearchVisibilityStore store) {
    if (server != null) {
      throw new IllegalStateException("frontend already started");
    }
    this.visibility = Optional.of(store);
    return this;
  }

  /** Binds the port and starts serving; the health service reports SERVING from here on. */
  public synchronized FrontendServer start() {
    if (server != null) {
      throw new IllegalStateException("frontend already started");
    }
    VisibilityReader reader = new VisibilityReader(visibility);
    Server built = NettyServerBuilder.forAddress(new InetSocketAddress(settings.bindHost(), settings.port()))
        .addService(ServerInterceptors.intercept(new WorkflowService(context, reader), new ForwardedCalls()))
        .addService(new OperatorService(context, reader))
        .addService(admin)
        .addService(health.getHealthService())
        .intercept(new MessageSizeLimit(MessageSizeLimit.DEFAULT_MAX_BYTES))
        .maxInboundMessageSize(MessageSizeLimit.TRANSPORT_MAX_BYTES)
        .permitKeepAliveTime(PERMIT_KEEPALIVE_SECONDS, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .build();
    try {
      built.start();
    } catch (IOException e) {
      throw new UncheckedIOException("frontend cannot listen on " + settings.bindHost() + ":" + settings.port(), e);
    }
    server = built;
    context.namespaceRegistry().start();
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus(WorkflowServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
    health.setStatus(OperatorServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
    health.setStatus(AdminServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
    log.info("frontend of cluster {} listening on {}:{}", context.currentCluster(), settings.bindHost(), port());
    return this;
  }

  /** The bound port: the configured one, or the one picked when configured as 0. */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("frontend not started");
    }
    return server.getPort();
  }

  /** The namespace cache this frontend keeps, for wiring that wants to share it. */
  public NamespaceRegistry namespaceRegistry() {
    return context.namespaceRegistry();
  }

  /** Reports NOT_SERVING, lets calls in flight finish for a few seconds, then stops and closes the routing. */
  @Override
  public synchronized void close() {
    health.enterTerminalState();
    context.namespaceRegistry().close();
    if (server == null) {
      context.routing().close();
      context.remoteFrontends().close();
      closeVisibility();
      return;
    }
    server.shutdown();
    try {
      if (!server.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS)) {
        server.shutdownNow().awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    // after the server: calls in flight needed the channels to finish
    context.routing().close();
    context.remoteFrontends().close();
    closeVisibility();
    server = null;
  }

  private void closeVisibility() {
    visibility.ifPresent(store -> {
      try {
        store.close();
      } catch (java.io.IOException e) {
        log.warn("closing the visibility store failed", e);
      }
    });
  }
}
