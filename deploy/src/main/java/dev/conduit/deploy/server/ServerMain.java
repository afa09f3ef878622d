package dev.conduit.deploy.server;

import dev.conduit.visibility.store.ElasticsearchVisibilityStore;
import java.util.Optional;
import dev.conduit.config.kafka.KafkaConfig;
import dev.conduit.history.visibility.VisibilitySink;
import dev.conduit.visibility.KafkaVisibilityPublisher;
import com.datastax.oss.driver.api.core.CqlSession;
import dev.conduit.config.ClusterConfig;
import dev.conduit.config.ConfigLoader;
import dev.conduit.config.ConsulConfig;
import dev.conduit.config.dynamic.DynamicConfig;
import dev.conduit.config.dynamic.FileDynamicConfigSource;
import dev.conduit.config.services.RpcConfig;
import dev.conduit.config.services.ServiceName;
import dev.conduit.frontend.FrontendServer;
import dev.conduit.frontend.FrontendSettings;
import dev.conduit.frontend.routing.Routing;
import dev.conduit.history.HistoryServer;
import dev.conduit.history.shard.ShardOwnership;
import dev.conduit.history.client.GrpcHistoryPeerClient;
import dev.conduit.history.client.HistoryPeerClient;
import dev.conduit.history.client.MatchingClient;
import dev.conduit.history.client.RoutedMatchingClient;
import dev.conduit.matching.history.GrpcHistoryClient;
import dev.conduit.client.CallSettings;
import dev.conduit.client.history.HistoryServiceClient;
import dev.conduit.client.matching.MatchingServiceClient;
import dev.conduit.matching.MatchingServer;
import dev.conduit.matching.MatchingSettings;
import dev.conduit.membership.Member;
import dev.conduit.membership.MembershipMonitor;
import dev.conduit.membership.ServiceInstance;
import dev.conduit.membership.consul.ConsulServiceRegistry;
import dev.conduit.membership.consul.ConsulSettings;
import dev.conduit.persistence.cassandra.CassandraSettings;
import dev.conduit.persistence.cassandra.CqlSessions;
import dev.conduit.persistence.cassandra.execution.CassandraExecutionStores;
import dev.conduit.persistence.namespace.CassandraNamespaceStore;
import dev.conduit.persistence.namespace.NamespaceRegistry;
import dev.conduit.replication.service.PublishingOwnership;
import dev.conduit.replication.service.ReplicationService;
import dev.conduit.replication.workflow.FrontendSourceEvents;
import dev.conduit.replication.workflow.GrpcLocalHistory;
import dev.conduit.history.replication.StandbyResend;
import dev.conduit.config.dynamic.DynamicKeys;
import dev.conduit.config.cluster.ClusterInformation;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.history.v1.HistoryEvent;
import dev.conduit.replication.workflow.LocalHistory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process main of the cluster's services: {@code ServerMain --services frontend,history,matching,replication
 * --config FILE}. Each role binds the port of its {@code services.<role>.rpc} section, registers in Consul
 * with a health check, and finds the roles it calls through Consul membership. Several roles in one
 * JVM is the embedded dev mode; one role per process is production.
 */
public final class ServerMain {
  private static final Logger log = LoggerFactory.getLogger(ServerMain.class);
  /** Calls between internal roles (not the frontend's, whose deadlines follow the public API's). */
  private static final CallSettings INTERNAL_CALLS = CallSettings.defaults().withCallTimeout(Duration.ofSeconds(10));

  private final ClusterConfig config;
  private final Clock clock = Clock.systemUTC();
  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
  private DynamicConfig dynamicConfig;
  private final ConsulServiceRegistry registry;
  private CqlSession session;
  private HistoryServiceClient internalHistory;
  private MatchingServiceClient internalMatching;
  private NamespaceRegistry namespaces;

  /** The address every role of this process binds and advertises instead of its config's, when {@code --host} gives one. */
  private final Optional<String> hostOverride;

  private ServerMain(ClusterConfig config, Optional<String> hostOverride) {
    this.config = config;
    this.hostOverride = hostOverride;
    ConsulConfig consul = config.consul();
    this.registry =
        new ConsulServiceRegistry(
            new ConsulSettings(consul.address().host(), consul.address().port(), consul.token().reveal(), consul.datacenter(),
                consul.healthCheckInterval(), consul.deregisterCriticalServiceAfter()));
  }

  public static void main(String[] args) throws InterruptedException {
    List<String> argv = Arrays.asList(args);
    int servicesAt = argv.indexOf("--services");
    int configAt = argv.indexOf("--config");
    int hostAt = argv.indexOf("--host");
    if (servicesAt < 0 || configAt < 0 || servicesAt + 1 >= args.length || configAt + 1 >= args.length
        || hostAt + 1 >= args.length) {
      System.err.println("usage: ServerMain --services frontend,history,matching,replication --config FILE [--host IP]");
      System.exit(2);
    }
    ClusterConfig config = ConfigLoader.fromSystemEnvironment().load(Path.of(args[configAt + 1]));
    ServerMain main = new ServerMain(config, hostAt < 0 ? Optional.empty() : Optional.of(args[hostAt + 1]));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      main.close();
      stopped.countDown();
    }, "shutdown"));
    try {
      for (String role : args[servicesAt + 1].split(",")) {
        main.start(role.strip());
      }
    } catch (RuntimeException e) {
      log.error("cannot start", e);
      System.exit(1);
    }
    stopped.await();
  }

  private void start(String role) {
    ServiceName name = ServiceName.fromConfigName(role).orElseThrow(() -> new IllegalArgumentException("unknown service '" + role + "'"));
    RpcConfig rpc = config.service(name).orElseThrow(() -> new IllegalArgumentException("no services." + role + " section in the config")).rpc();
    String bindAddress = hostOverride.orElse(rpc.bindAddress());
    InetSocketAddress bind = new InetSocketAddress(bindAddress, rpc.grpcPort());
    String advertised = "0.0.0.0".equals(bindAddress) ? config.global().membership().broadcastAddress().orElse("127.0.0.1") : bindAddress;
    String identity = role + "@" + advertised + ":" + rpc.grpcPort();
    switch (name) {
      case HISTORY -> startHistory(bind, identity);
      case MATCHING -> startMatching(bind, identity);
      case FRONTEND -> startFrontend(bind);
      case REPLICATION -> startReplication(bind, identity);
      default -> throw new IllegalArgumentException("service '" + role + "' does not exist yet");
    }
    ServiceInstance instance = ServiceInstance.of(config.consul().serviceName(role), identity, advertised, rpc.grpcPort());
    registry.register(instance);
    closeables.push(() -> registry.deregister(instance.id()));
    log.info("{} serves on {} and is registered in Consul as {}", role, bind, instance.service());
  }

  private void startHistory(InetSocketAddress bind, String identity) {
    int shards = config.persistence().numHistoryShards();
    MembershipMonitor historyRing = monitor("history");
    MatchingClient matching = new RoutedMatchingClient(internalMatching());
    // Children, external signals and cancels, parent close policies: to the owner of the target's shard.
    HistoryPeerClient peers = new GrpcHistoryPeerClient(internalHistory());
    CassandraExecutionStores stores = CassandraExecutionStores.open(session());
    HistoryServer server =
        new HistoryServer(stores.shardStore(), stores.executionStore(), matching, peers, visibilitySink(),
            dev.conduit.history.RegistryNamespaceLookup.from(namespaces(), dynamicConfig(),
            config.clusterMetadata().currentClusterName()),
            shards, java.util.Set.of(), identity, clock, dev.conduit.history.HistoryConfig.defaults(), bind).start();
    closeables.push(server);
    server.shards().resendMissingEvents(standbyResend());
    closeables.push(new ShardOwnership(server.shards(), historyRing, identity, shards).start());
  }

  /**
   * How history's standby tasks read a run's history from the active cluster when its events are overdue: through
   * that cluster's frontend, as the replication role reads events that did not fit in a Kafka message.
   */
  private StandbyResend standbyResend() {
    FrontendSourceEvents frontends = new FrontendSourceEvents(
        cluster -> Optional.ofNullable(config.clusterMetadata().clusterInformation().get(cluster))
            .flatMap(ClusterInformation::rpcAddress), Duration.ofSeconds(30));
    closeables.push(frontends);
    StandbyResend resend = new StandbyResend((cluster, key) -> frontends.read(cluster, key.namespaceId(),
            key.workflowId(), key.runId(), 0, 0, 0).stream().map(ServerMain::event).toList(),
        () -> dynamicConfig().get(DynamicKeys.STANDBY_TASK_MISSING_EVENTS_RESEND_DELAY), clock);
    closeables.push(resend); // closed before the frontends it reads through
    return resend;
  }

  private static HistoryEvent event(ByteString bytes) {
    try {
      return HistoryEvent.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a frontend returned an event that does not parse", e);
    }
  }

  /**
   * Where history's visibility tasks publish: the visibility topic when the cluster has an advanced visibility
   * store (the replication role indexes the topic into it), else nowhere.
   */
  private VisibilitySink visibilitySink() {
    Optional<KafkaConfig.TopicPair> topics = config.kafka().flatMap(KafkaConfig::visibilityTopics);
    if (config.persistence().advancedVisibilityDataStore().isEmpty() || topics.isEmpty()) {
      return VisibilitySink.NONE;
    }
    KafkaVisibilityPublisher publisher = new KafkaVisibilityPublisher(
        config.kafka().orElseThrow().brokersOf(topics.get().topic()), topics.get().topic());
    closeables.push(publisher);
    return publisher::publish;
  }

  /**
   * Replication reaches this cluster's history through the history ring, shard by shard. With several replication
   * hosts, each publishes the shards (and the namespace outbox) the replication ring gives it; until its own
   * registration is seen it publishes nothing.
   */
  private void startReplication(InetSocketAddress bind, String identity) {
    LocalHistory history = new GrpcLocalHistory(internalHistory());
    MembershipMonitor replicationRing = monitor("replication");
    PublishingOwnership ownership = new PublishingOwnership() {
      @Override
      public boolean ownsShard(int shard) {
        return owns(PublishingOwnership.shardKey(shard));
      }

      @Override
      public boolean ownsNamespaces() {
        return owns(PublishingOwnership.NAMESPACES_KEY);
      }

      private boolean owns(String key) {
        return replicationRing.owner(key).map(Member::id).filter(identity::equals).isPresent();
      }
    };
    closeables.push(ReplicationService.start(config, session(), new CassandraNamespaceStore(session()), history, bind,
        clock, identity, ownership));
  }

  private void startMatching(InetSocketAddress bind, String identity) {
    MatchingServer server =
        new MatchingServer(bind, MatchingSettings.defaults(identity), session(), new GrpcHistoryClient(internalHistory()), clock)
            .start();
    closeables.push(server);
    // this host serves the task queues the matching ring gives it, and lets go of those the ring moves away
    MembershipMonitor matchingRing = monitor("matching");
    server.engine().setOwnership(queue -> matchingRing.owner(queue.ringKey()).map(Member::id).filter(owner -> !owner.equals(identity)));
    matchingRing.addListener((change, ring) -> server.engine().ownershipChanged());
  }

  private void startFrontend(InetSocketAddress bind) {
    Routing routing = Routing.fromMembership(monitor("history"), monitor("matching"), config.persistence().numHistoryShards());
    FrontendServer server =
        new FrontendServer(FrontendSettings.from(config).withBindHost(bind.getHostString()), session(), config.clusterMetadata(), clock, routing, dynamicConfig());
    config.persistence().advancedVisibilityDataStore()
        .ifPresent(elasticsearch -> server.withVisibility(ElasticsearchVisibilityStore.connect(elasticsearch)));
    server.start();
    closeables.push(server);
  }

  private final java.util.Map<String, MembershipMonitor> monitors = new java.util.HashMap<>();

  private synchronized MembershipMonitor monitor(String role) {
    return monitors.computeIfAbsent(role, r -> {
      MembershipMonitor monitor = new MembershipMonitor(registry, config.consul().serviceName(r)).start();
      closeables.push(monitor);
      return monitor;
    });
  }

  /** The client of history the internal roles of this process share: the owner of each shard on the history ring. */
  private synchronized HistoryServiceClient internalHistory() {
    if (internalHistory == null) {
      internalHistory = HistoryServiceClient.ring(monitor("history"), config.persistence().numHistoryShards(), INTERNAL_CALLS);
      closeables.push(internalHistory);
    }
    return internalHistory;
  }

  /** The client of matching the internal roles of this process share: the owner of each queue on the matching ring. */
  private synchronized MatchingServiceClient internalMatching() {
    if (internalMatching == null) {
      internalMatching = MatchingServiceClient.ring(monitor("matching"), INTERNAL_CALLS);
      closeables.push(internalMatching);
    }
    return internalMatching;
  }

  private synchronized CqlSession session() {
    if (session == null) {
      session = CqlSessions.open(CassandraSettings.from(config.persistence().defaultDataStore()));
      closeables.addLast(session);
    }
    return session;
  }

  private synchronized NamespaceRegistry namespaces() {
    if (namespaces == null) {
      namespaces = NamespaceRegistry.refreshedBy(new CassandraNamespaceStore(session()), clock, dynamicConfig());
      namespaces.start();
      closeables.push(namespaces);
    }
    return namespaces;
  }

  /** The node's dynamic config, one polled file source shared by the roles it runs. */
  private synchronized DynamicConfig dynamicConfig() {
    if (dynamicConfig == null) {
      dynamicConfig = config.dynamicConfigClient()
          .<DynamicConfig>map(client -> {
            FileDynamicConfigSource source = FileDynamicConfigSource.start(client);
            closeables.push(source);
            return source;
          })
          .orElse(DynamicConfig.defaults());
    }
    return dynamicConfig;
  }

  /** Closes in reverse order of start: deregister first, so peers stop routing here before ports close. */
  private synchronized void close() {
    while (!closeables.isEmpty()) {
      try {
        closeables.pop().close();
      } catch (Exception e) {
        log.warn("error while stopping", e);
      }
    }
  }
}
