package dev.conduit.it.support;

import dev.conduit.deploy.local.LocalDependencies;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Two or three clusters for multi-cluster tests, as separate processes on this machine: each a
 * {@link TestCluster} with its own keyspace, ports and Consul service names, sharing Cassandra, Kafka and
 * Consul, each configured with all of them ({@link ClusterTopology}: the first named is the master,
 * initial failover versions 1, 2, 3 under the increment 10, Kafka topics unique to this group).
 */
public final class ClusterGroup implements AutoCloseable {
  private final Map<String, TestCluster> clusters;
  private final ClusterTopology topology;

  private final String topicPrefix;

  private ClusterGroup(Map<String, TestCluster> clusters, ClusterTopology topology, String topicPrefix) {
    this.clusters = clusters;
    this.topology = topology;
    this.topicPrefix = topicPrefix;
  }

  /** Starts clusters {@code names} (e.g. {@code "active", "standby"}) side by side. */
  public static ClusterGroup start(String... names) {
    return startWithDynamicConfig(null, names);
  }

  /** Like {@link #start}, with {@code dynamicConfigYaml} added to every cluster's dynamic config. */
  public static ClusterGroup startWithDynamicConfig(String dynamicConfigYaml, String... names) {
    return startWith(dynamicConfigYaml, Map.of(), names);
  }

  /**
   * Like {@link #startWithDynamicConfig}, with {@code dcRedirectionPolicy.policy} per cluster name
   * ({@code noop}, {@code selected-apis-forwarding}, {@code all-apis-forwarding}); a cluster not in the map keeps
   * the shipped config's ({@code selected-apis-forwarding}).
   */
  public static ClusterGroup startWith(String dynamicConfigYaml, Map<String, String> redirectionPolicies, String... names) {
    return startWith(dynamicConfigYaml, redirectionPolicies, false, names);
  }

  /** Like {@link #start}, every cluster with its advanced visibility store ({@link TestCluster#startWithVisibility}). */
  public static ClusterGroup startWithVisibility(String... names) {
    return startWith(null, Map.of(), true, names);
  }

  /** Like {@link #startWith(String, Map, String...)}, each cluster with its advanced visibility store if asked. */
  public static ClusterGroup startWith(String dynamicConfigYaml, Map<String, String> redirectionPolicies,
      boolean visibility, String... names) {
    RealServers.require(LocalDependencies.CASSANDRA, LocalDependencies.CONSUL, LocalDependencies.KAFKA);
    TestLeftovers.removeTopicsOnce(TestCluster.KAFKA_BOOTSTRAP, visibility ? LocalDependencies.ELASTICSEARCH_PORT : 0);
    String prefix = "conduit-e2e-" + TestLeftovers.newId(Instant.now()) + "-";
    ClusterTopology topology = ClusterTopology.of(List.of(names), prefix);
    List<CompletableFuture<TestCluster>> starting = new ArrayList<>();
    for (String name : names) {
      starting.add(CompletableFuture.supplyAsync(() -> TestCluster.startMember(topology.as(name), dynamicConfigYaml,
          redirectionPolicies.get(name), visibility)));
    }
    Map<String, TestCluster> started = new LinkedHashMap<>();
    RuntimeException failure = null;
    for (int i = 0; i < names.length; i++) {
      try {
        started.put(names[i], starting.get(i).join());
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      started.values().forEach(TestCluster::close);
      throw failure;
    }
    return new ClusterGroup(started, topology, prefix);
  }

  public TestCluster cluster(String name) {
    TestCluster cluster = clusters.get(name);
    if (cluster == null) {
      throw new IllegalArgumentException("no cluster " + name + " in " + clusters.keySet());
    }
    return cluster;
  }

  /** The Kafka topic that carries replication tasks from cluster {@code source} to cluster {@code destination}. */
  public String replicationTopic(String destination, String source) {
    return topology.topic(destination) + "-from-" + source;
  }

  /** The Kafka topic where cluster {@code name} parks the replication tasks it cannot apply. */
  public String replicationDlqTopic(String name) {
    return topology.topic(name) + "-dlq";
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (TestCluster cluster : clusters.values()) {
      try {
        cluster.close();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    TestLeftovers.deleteTopics(TestCluster.KAFKA_BOOTSTRAP, topic -> topic.startsWith(topicPrefix));
    if (failure != null) {
      throw failure;
    }
  }
}
