package dev.conduit.deploy.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The real servers a local cluster and the integration tests need, on their default loopback ports:
 * Cassandra 9042, Kafka 9092, Elasticsearch 9200, Consul 8500 (HTTP) and 8600 (DNS).
 */
public final class LocalDependencies {
  public static final String CASSANDRA = "cassandra";
  public static final String KAFKA = "kafka";
  public static final String ELASTICSEARCH = "elasticsearch";
  public static final String CONSUL = "consul";

  public static final int CASSANDRA_PORT = 9042;
  public static final int KAFKA_PORT = 9092;
  public static final int ELASTICSEARCH_PORT = 9200;
  public static final int CONSUL_HTTP_PORT = 8500;
  public static final int CONSUL_DNS_PORT = 8600;

  /** Generous: Cassandra alone takes 8-19 s and the first run downloads or builds each server. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(3);

  private final Map<String, LocalServer> servers = new LinkedHashMap<>();

  public LocalDependencies(LocalLayout layout) {
    ServerVersions versions = ServerVersions.load();
    ArtifactResolver resolver = new ArtifactResolver(layout);
    // 1 GiB: with 384 MiB, two hours of test keyspaces made and dropped filled the old generation and every query
    // timed out behind back-to-back full GCs
    add(new CassandraServer(layout, resolver, versions.cassandra(), CASSANDRA_PORT, 7000, 1024));
    add(new KafkaServer(layout, resolver, versions.kafka(), KAFKA_PORT, 9093, 512));
    add(new ElasticsearchServer(layout, resolver, versions.elasticsearch(), ELASTICSEARCH_PORT, 9300, 256));
    add(new ConsulAgent(layout, versions.consul(), CONSUL_HTTP_PORT, CONSUL_DNS_PORT));
  }

  /**
   * The Consul agent of cluster {@code cluster} as its own datacenter (named as the cluster) with HTTP on
   * {@code httpPort}, DNS on {@code dnsPort} and its server, Serf and gRPC ports from {@code serverPort} on, joined
   * over the WAN with the agents whose Serf WAN addresses are {@code joinWan}. Its state lives under
   * {@code consul-<cluster>}, apart from the shared agent's.
   */
  public static LocalServer datacenterAgent(String cluster, int httpPort, int dnsPort, int serverPort, List<String> joinWan) {
    return new ConsulAgent(LocalLayout.fromEnvironment(), "consul-" + cluster, ServerVersions.load().consul(), httpPort,
        dnsPort, new ConsulAgent.Datacenter(cluster, serverPort, List.copyOf(joinWan)));
  }

  /** The Serf WAN port of a datacenter agent whose server port is {@code serverPort}. */
  public static int wanPortOf(int serverPort) {
    return serverPort + 2;
  }

  /** The servers under the layout named by the environment (see {@link LocalLayout#fromEnvironment()}). */
  public static LocalDependencies fromEnvironment() {
    return new LocalDependencies(LocalLayout.fromEnvironment());
  }

  private void add(LocalServer server) {
    servers.put(server.name(), server);
  }

  public List<String> names() {
    return List.copyOf(servers.keySet());
  }

  public LocalServer server(String name) {
    LocalServer server = servers.get(name);
    if (server == null) {
      throw new IllegalArgumentException("unknown server '" + name + "'; known: " + String.join(", ", servers.keySet()));
    }
    return server;
  }

  /**
   * Starts the named servers at once (each is its own process) and waits until all are healthy.
   * Already running servers are left as they are.
   */
  public List<ServerStatus> start(List<String> names, Duration timeout) {
    List<LocalServer> selected = names.stream().map(this::server).toList();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, selected.size()));
    try {
      List<Future<ServerStatus>> futures = new ArrayList<>();
      for (LocalServer server : selected) {
        futures.add(pool.submit(() -> server.start(timeout)));
      }
      List<ServerStatus> statuses = new ArrayList<>();
      List<String> failures = new ArrayList<>();
      for (Future<ServerStatus> future : futures) {
        try {
          statuses.add(future.get());
        } catch (ExecutionException e) {
          failures.add(e.getCause().getMessage());
        }
      }
      if (!failures.isEmpty()) {
        throw new DependencyUnavailableException(String.join("\n\n", failures));
      }
      return statuses;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DependencyUnavailableException("interrupted while starting servers", e);
    } finally {
      pool.shutdownNow();
    }
  }

  public List<ServerStatus> stop(List<String> names) {
    return names.stream().map(this::server).map(LocalServer::stop).toList();
  }

  public List<ServerStatus> status(List<String> names) {
    return names.stream().map(this::server).map(LocalServer::status).toList();
  }
}
