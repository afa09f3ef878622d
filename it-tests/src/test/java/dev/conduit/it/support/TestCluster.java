package dev.conduit.it.support;

import dev.conduit.config.HostPort;
import dev.conduit.replication.kafka.KafkaTopics;
import dev.conduit.visibility.store.ElasticsearchVisibilityStore;
import com.datastax.oss.driver.api.core.CqlSession;
import com.google.protobuf.util.Durations;
import dev.conduit.deploy.local.LocalDependencies;
import dev.conduit.deploy.local.LocalLayout;
import dev.conduit.deploy.local.ServiceProcess;
import dev.conduit.persistence.cassandra.CassandraSettings;
import dev.conduit.persistence.cassandra.CqlSessions;
import dev.conduit.persistence.cassandra.schema.SchemaCatalog;
import dev.conduit.persistence.cassandra.schema.SchemaTool;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole cluster for end-to-end tests: frontend, history and matching each as its own process, on a
 * keyspace and Consul service names of its own and free loopback ports, with a {@code default}
 * namespace registered. Built from the shipped {@code deploy/config/development.yaml}, so the tests run
 * the same config path users do.
 */
public final class TestCluster implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TestCluster.class);
  public static final String NAMESPACE = "default";
  private static final Set<Integer> HANDED_OUT_PORTS = ConcurrentHashMap.newKeySet();
  /** {@code clusterMetadata.currentClusterName} of the shipped development config. */
  public static final String CURRENT_CLUSTER = "active";
  private static final String[] ROLES = {"history", "matching", "replication", "frontend"};
  private static final String EMBEDDED = "all";

  static final String KAFKA_BOOTSTRAP = "127.0.0.1:" + LocalDependencies.KAFKA_PORT;
  private final String id;
  private final String keyspace;
  private final Path configFile;
  private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
  private final int frontendPort;

  private final String clusterName;
  private final boolean visibility;
  /** Hosts per role when more than one ({@link #startWithHosts}); host k binds 127.0.0.k on the role's port. */
  private final Map<String, Integer> hostCounts;
  private final LocalLayout layout = LocalLayout.fromEnvironment();
  private final Map<String, Integer> ports;

  private TestCluster(String id, boolean embedded, String extraDynamicConfig, ClusterTopology topology,
      String redirectionPolicy, boolean visibility) {
    this(id, embedded, extraDynamicConfig, topology, redirectionPolicy, visibility, Map.of(), 0);
  }

  /** {@code shards} 0: the shipped config's shard count. */
  private TestCluster(String id, boolean embedded, String extraDynamicConfig, ClusterTopology topology,
      String redirectionPolicy, boolean visibility, Map<String, Integer> hosts, int shards) {
    this.id = id;
    this.hostCounts = hosts;
    this.visibility = visibility;
    this.keyspace = "conduit_e2e_" + id;
    this.clusterName = topology == null ? CURRENT_CLUSTER : topology.current();
    int frontend = topology == null ? freePort() : topology.frontendPort(topology.current());
    this.ports = Map.of("frontend", frontend, "history", freePort(), "matching", freePort(), "replication", freePort(),
        "worker", freePort());
    this.frontendPort = ports.get("frontend");
    this.configFile = writeConfig(ports, extraDynamicConfig, topology, redirectionPolicy, shards);

    String classpath = System.getProperty("java.class.path");
    if (embedded) {
      // every role in one JVM: the embedded dev mode; healthy once the frontend, started last, listens
      services.put(EMBEDDED, new ServiceProcess(layout, "e2e-" + id + "-all", String.join(",", ROLES), configFile, "127.0.0.1",
          frontendPort, classpath, 512));
      return;
    }
    for (String role : ROLES) {
      services.put(role, new ServiceProcess(layout, "e2e-" + id + "-" + role, role, configFile, "127.0.0.1", ports.get(role), classpath, 256));
      for (int k = 2; k <= hosts.getOrDefault(role, 1); k++) {
        services.put(role + "-" + k, extraHost(role, k));
      }
    }
  }

  private ServiceProcess extraHost(String role, int k) {
    return ServiceProcess.onHost(layout, "e2e-" + id + "-" + role + "-" + k, role, configFile, "127.0.0." + k,
        ports.get(role), System.getProperty("java.class.path"), 256);
  }

  /**
   * Like {@link #start()}, with {@code hosts} processes of a role where it says more than one ({@code history=3}):
   * host {@code k} of a role binds the loopback address {@code 127.0.0.k} on the role's port, as the hosts of a
   * real network would, and is {@link #service(String) service} {@code "<role>-<k>"}; and {@code shards} history
   * shards, so that every host gets some.
   */
  public static TestCluster startWithHosts(Map<String, Integer> hosts, int shards) {
    RealServers.require(LocalDependencies.CASSANDRA, LocalDependencies.CONSUL);
    TestCluster cluster = new TestCluster(TestLeftovers.newId(Instant.now()), false, null, null, null, false, hosts, shards);
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::stopServices, "stop-" + cluster.id));
    TestLeftovers.removeOnce(cluster.cassandra(), LocalLayout.fromEnvironment());
    cluster.setUpKeyspace();
    cluster.services.values().forEach(service -> service.start(Duration.ofMinutes(2)));
    cluster.registerDefaultNamespace();
    return cluster;
  }

  /** Starts one more host of {@code role} (the next loopback address) and waits until it serves; its service name. */
  public String addHost(String role) {
    int k = 2;
    while (services.containsKey(role + "-" + k)) {
      k++;
    }
    ServiceProcess host = extraHost(role, k);
    services.put(role + "-" + k, host);
    host.start(Duration.ofMinutes(2));
    return role + "-" + k;
  }

  /** Stops host {@code name} (as {@link #addHost} named it) and forgets it: the cluster is back to its other hosts. */
  public void removeHost(String name) {
    ServiceProcess host = services.remove(name);
    if (host == null) {
      throw new IllegalArgumentException("no host " + name + " in " + services.keySet());
    }
    host.stop();
  }

  /** The Consul service name the hosts of {@code role} register under. */
  public String consulService(String role) {
    return "conduit-e2e-" + id + "-" + role;
  }

  /** The port every frontend host of this cluster listens on. */
  public int frontendPort() {
    return frontendPort;
  }

  /** Starts Cassandra and Consul if needed, sets up the keyspace, starts the services and registers {@code default}. */
  public static TestCluster start() {
    return start(false, null, null, null);
  }

  /**
   * Like {@link #start()}, with the advanced visibility store of the shipped config: history publishes visibility
   * records to a Kafka topic of this cluster's own, the replication role indexes them into an Elasticsearch index of
   * its own, and the frontend lists and counts from it. (The other test clusters run without, as a cluster whose
   * config names no advanced visibility store does.)
   */
  public static TestCluster startWithVisibility() {
    return start(false, null, null, null, true);
  }

  /** Like {@link #start()}, with frontend, history and matching in one JVM. */
  public static TestCluster startEmbedded() {
    return start(true, null, null, null);
  }

  /**
   * Like {@link #start()}, in a cluster {@value #CURRENT_CLUSTER} whose config also knows a second cluster
   * {@code otherCluster} (initial failover version 2 under the increment 10, its own Kafka topics), which is
   * not started: enough for global namespaces that are active there.
   */
  public static TestCluster startKnowing(String otherCluster) {
    return startKnowing(otherCluster, null);
  }

  /**
   * Like {@link #startKnowing(String)}, with {@code dcRedirectionPolicy.policy} set to {@code redirectionPolicy}
   * ({@code noop}, {@code selected-apis-forwarding}, {@code all-apis-forwarding}) instead of the shipped config's.
   */
  public static TestCluster startKnowing(String otherCluster, String redirectionPolicy) {
    return start(false, null, ClusterTopology.of(List.of(CURRENT_CLUSTER, otherCluster), ""), redirectionPolicy);
  }

  /**
   * Like {@link #start()}, with {@code dynamicConfigYaml} (keys in Temporal's dynamic config format)
   * added to the development dynamic config the services poll (a key it sets replaces the shipped entries).
   */
  public static TestCluster startWithDynamicConfig(String dynamicConfigYaml) {
    return start(false, dynamicConfigYaml, null, null);
  }

  /**
   * One member of a {@link ClusterGroup}: cluster {@code topology.current()} configured with every cluster of it,
   * and the given redirection policy (null: the shipped config's).
   */
  static TestCluster startMember(ClusterTopology topology, String extraDynamicConfig, String redirectionPolicy,
      boolean visibility) {
    return start(false, extraDynamicConfig, topology, redirectionPolicy, visibility);
  }

  private static TestCluster start(boolean embedded, String extraDynamicConfig, ClusterTopology topology,
      String redirectionPolicy) {
    return start(embedded, extraDynamicConfig, topology, redirectionPolicy, false);
  }

  private static TestCluster start(boolean embedded, String extraDynamicConfig, ClusterTopology topology,
      String redirectionPolicy, boolean visibility) {
    RealServers.require(LocalDependencies.CASSANDRA, LocalDependencies.CONSUL);
    if (visibility) {
      RealServers.require(LocalDependencies.KAFKA, LocalDependencies.ELASTICSEARCH);
    }
    TestCluster cluster = new TestCluster(TestLeftovers.newId(Instant.now()), embedded,
        extraDynamicConfig, topology, redirectionPolicy, visibility);
    // A test class that never closes its cluster must not leave its services running past the test JVM.
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::stopServices, "stop-" + cluster.id));
    TestLeftovers.removeOnce(cluster.cassandra(), LocalLayout.fromEnvironment());
    cluster.setUpKeyspace();
    if (visibility) {
      cluster.setUpVisibility();
    }
    cluster.services.values().forEach(service -> service.start(Duration.ofMinutes(2)));
    cluster.registerDefaultNamespace();
    return cluster;
  }

  public String frontendTarget() {
    return "127.0.0.1:" + frontendPort;
  }

  /** {@code clusterMetadata.currentClusterName} of this cluster. */
  public String name() {
    return clusterName;
  }

  /** The config file its services run with. */
  public Path configFile() {
    return configFile;
  }

  public WorkflowServiceStubs newStubs() {
    return WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(frontendTarget()).build());
  }

  public ServiceProcess service(String role) {
    return services.get(role);
  }

  /** SIGKILLs a service, as a crash would, then starts it again and waits until it serves. */
  public void crashAndRestart(String role) {
    ServiceProcess service = services.get(role);
    long killed = service.kill();
    long restarted = service.start(Duration.ofMinutes(2)).pid().orElseThrow();
    if (restarted == killed) {
      throw new IllegalStateException(role + " still runs as pid " + killed + " after SIGKILL");
    }
  }

  public CassandraSettings cassandra() {
    return CassandraSettings.local("127.0.0.1:" + LocalDependencies.CASSANDRA_PORT, keyspace);
  }

  private void setUpKeyspace() {
    try (CqlSession admin = CqlSessions.openWithoutKeyspace(cassandra())) {
      new SchemaTool(admin, keyspace, SchemaCatalog.clusterKeyspace()).setup(CassandraSettings.DEFAULT_DATACENTER, 1);
    }
  }

  /** The names of this cluster's visibility topic (its DLQ adds {@code -dlq}) and index. */
  public String visibilityName() {
    return "conduit-visibility-e2e-" + id;
  }

  private void setUpVisibility() {
    TestLeftovers.removeTopicsOnce(KAFKA_BOOTSTRAP, LocalDependencies.ELASTICSEARCH_PORT);
    KafkaTopics.ensureTopics(List.of(new HostPort("127.0.0.1", LocalDependencies.KAFKA_PORT)),
        List.of(visibilityName(), visibilityName() + "-dlq"), 1);
    try (ElasticsearchVisibilityStore store = visibilityStore()) {
      store.ensureIndex();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes every document indexed so far visible to searches (the index refreshes every second anyway). */
  public void refreshVisibility() {
    try (ElasticsearchVisibilityStore store = visibilityStore()) {
      store.refresh();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client of this cluster's visibility index (the caller closes it). */
  public ElasticsearchVisibilityStore visibilityStore() {
    return new ElasticsearchVisibilityStore(org.elasticsearch.client.RestClient.builder(
        new org.apache.http.HttpHost("127.0.0.1", LocalDependencies.ELASTICSEARCH_PORT, "http")).build(), visibilityName());
  }

  private void registerDefaultNamespace() {
    WorkflowServiceStubs stubs = newStubs();
    try {
      stubs.blockingStub().registerNamespace(
          RegisterNamespaceRequest.newBuilder()
              .setNamespace(NAMESPACE)
              .setWorkflowExecutionRetentionPeriod(Durations.fromDays(1))
              .build());
    } finally {
      stubs.shutdownNow();
    }
  }

  private Path writeConfig(Map<String, Integer> ports, String extraDynamicConfig, ClusterTopology topology,
      String redirectionPolicy, int shards) {
    Path root = Path.of("..").toAbsolutePath().normalize();
    try {
      Path dir = Files.createDirectories(Path.of("target", "e2e-" + id).toAbsolutePath());
      Path dynamicConfig = root.resolve("deploy/config/dynamicconfig/development.yaml");
      if (extraDynamicConfig != null) {
        Path own = dir.resolve("dynamicconfig.yaml");
        Files.writeString(own, withoutKeysOf(extraDynamicConfig, Files.readString(dynamicConfig)) + "\n" + extraDynamicConfig);
        dynamicConfig = own;
      }
      String yaml = Files.readString(root.resolve("deploy/config/development.yaml"));
      yaml = yaml.replace("grpcPort: 7233", "grpcPort: " + ports.get("frontend"))
          .replace("grpcPort: 7234", "grpcPort: " + ports.get("history"))
          .replace("grpcPort: 7235", "grpcPort: " + ports.get("matching"))
          .replace("grpcPort: 7236", "grpcPort: " + ports.get("replication"))
          .replace("grpcPort: 7239", "grpcPort: " + ports.get("worker"))
          .replace("127.0.0.1:7233", "127.0.0.1:" + ports.get("frontend"))
          .replace("keyspace: \"conduit_active\"", "keyspace: \"" + keyspace + "\"")
          .replace("serviceNamePrefix: \"conduit-\"", "serviceNamePrefix: \"conduit-e2e-" + id + "-\"")
          .replace("filepath: \"dynamicconfig/development.yaml\"",
              "filepath: \"" + dynamicConfig + "\"");
      if (visibility) {
        yaml = yaml.replace("conduit-visibility-dev", visibilityName());
      } else {
        String store = "  advancedVisibilityStore: es-visibility\n";
        if (!yaml.contains(store)) {
          throw new IllegalStateException("the development config no longer has '" + store.strip() + "'");
        }
        yaml = yaml.replace(store, "");
      }
      if (shards > 0) {
        String shipped = "numHistoryShards: 4\n";
        if (!yaml.contains(shipped)) {
          throw new IllegalStateException("the development config no longer has '" + shipped.strip() + "'");
        }
        yaml = yaml.replace(shipped, "numHistoryShards: " + shards + "\n");
      }
      if (topology != null) {
        yaml = topology.applyTo(yaml);
      }
      if (redirectionPolicy != null) {
        String shipped = "dcRedirectionPolicy:\n  policy: \"selected-apis-forwarding\"";
        if (!yaml.contains(shipped)) {
          throw new IllegalStateException("the development config no longer has '" + shipped + "'");
        }
        yaml = yaml.replace(shipped, "dcRedirectionPolicy:\n  policy: \"" + redirectionPolicy + "\"");
      }
      for (int p = 6933; p <= 6939; p++) {
        yaml = yaml.replace("membershipPort: " + p, "membershipPort: " + freePort());
      }
      Path file = dir.resolve("cluster.yaml");
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code shipped} without the top-level keys {@code extra} sets, so that a test's entries replace the shipped ones. */
  private static String withoutKeysOf(String extra, String shipped) {
    java.util.Set<String> keys = new java.util.HashSet<>();
    for (String line : extra.split("\n")) {
      if (!line.isBlank() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#") && line.contains(":")) {
        keys.add(line.substring(0, line.indexOf(':')).strip());
      }
    }
    StringBuilder kept = new StringBuilder();
    boolean dropping = false;
    for (String line : shipped.split("\n")) {
      boolean topLevel = !line.isBlank() && !Character.isWhitespace(line.charAt(0));
      if (topLevel) {
        dropping = !line.startsWith("#") && line.contains(":") && keys.contains(line.substring(0, line.indexOf(':')).strip());
      }
      if (!dropping) {
        kept.append(line).append('\n');
      }
    }
    return kept.toString();
  }

  /**
   * A port nobody listens on, never one this JVM handed out before: the kernel may offer a port again as
   * soon as the probing socket closes, and two roles of one cluster (or two clusters) must not share it.
   */
  static int freePort() {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0)) {
        if (HANDED_OUT_PORTS.add(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Stops the services, checks that every run the test created replays to its stored state
   * ({@link ReplayEquivalence}), and drops the keyspace.
   */
  @Override
  public void close() {
    stopServices();
    try {
      int runs = ReplayEquivalence.verify(cassandra());
      log.info("replay equivalence: {} runs of {} replay to their stored state", runs, keyspace);
    } finally {
      try (CqlSession admin = CqlSessions.openWithoutKeyspace(cassandra())) {
        // a schema change on a Cassandra busy with several clusters can take longer than a request's timeout
        admin.execute(com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + keyspace)
            .setTimeout(Duration.ofMinutes(2)));
      } catch (com.datastax.oss.driver.api.core.DriverTimeoutException e) {
        // the keyspace's name says when it was made: TestLeftovers drops it at the start of a later run
        log.warn("keyspace {} not dropped within 2 minutes; a later run removes it", keyspace, e);
      }
      if (visibility) {
        deleteVisibility();
      }
    }
  }

  private void deleteVisibility() {
    TestLeftovers.deleteTopics(KAFKA_BOOTSTRAP, visibilityName()::equals);
    TestLeftovers.deleteTopics(KAFKA_BOOTSTRAP, (visibilityName() + "-dlq")::equals);
    TestLeftovers.deleteIndices(LocalDependencies.ELASTICSEARCH_PORT, visibilityName()::equals);
  }

  /**
   * Stops every service at once: each takes about 2.5 s to shut down gracefully, and one after the other that was
   * ten seconds per cluster of the test run.
   */
  private void stopServices() {
    List<Thread> stopping = new java.util.ArrayList<>();
    for (ServiceProcess service : services.values()) {
      Thread thread = new Thread(service::stop, "stop-" + id + "-" + stopping.size());
      thread.start();
      stopping.add(thread);
    }
    for (Thread thread : stopping) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
