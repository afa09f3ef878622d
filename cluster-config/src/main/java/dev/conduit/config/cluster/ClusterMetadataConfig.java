package dev.conduit.config.cluster;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code clusterMetadata} section: every cluster of the replication group with its failover
 * version, which one this node belongs to ({@code currentClusterName}), which one owns namespace
 * registration ({@code masterClusterName}), and whether global (replicated) namespaces are on.
 */
public record ClusterMetadataConfig(
    boolean enableGlobalNamespace,
    ReplicationConsumerType replicationConsumer,
    long failoverVersionIncrement,
    String masterClusterName,
    String currentClusterName,
    Map<String, ClusterInformation> clusterInformation) {

  public ClusterMetadataConfig {
    Objects.requireNonNull(replicationConsumer, "replicationConsumer");
    Objects.requireNonNull(masterClusterName, "masterClusterName");
    Objects.requireNonNull(currentClusterName, "currentClusterName");
    clusterInformation = Collections.unmodifiableMap(new LinkedHashMap<>(clusterInformation));
  }

  public ClusterInformation currentCluster() {
    return clusterInformation.get(currentClusterName);
  }

  public boolean isMasterCluster() {
    return masterClusterName.equals(currentClusterName);
  }

  /** True when replication tasks travel through Kafka, so every enabled cluster needs its topics. */
  public boolean replicatesThroughKafka() {
    return enableGlobalNamespace && replicationConsumer == ReplicationConsumerType.KAFKA;
  }

  /** The failover version arithmetic of these clusters. */
  public FailoverVersions failoverVersions() {
    return FailoverVersions.from(this);
  }
}
