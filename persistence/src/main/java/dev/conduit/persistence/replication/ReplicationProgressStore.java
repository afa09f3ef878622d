package dev.conduit.persistence.replication;

import java.time.Instant;
import java.util.List;

/**
 * How far replication got with each remote cluster, for operators: what this cluster sent to each remote
 * (written by the publisher) and what it applied from each (written by the consumer), for namespaces and, per
 * shard, for workflow histories.
 */
public interface ReplicationProgressStore {

  /** Per remote cluster, the highest notification version of this cluster's namespace changes Kafka acknowledged. */
  record Published(String remoteCluster, long notificationVersion, Instant time) {}

  /** Per source cluster, the last of its namespace tasks applied here (the source's notification version). */
  record Applied(String sourceCluster, long notificationVersion, String namespace, Instant time) {}

  List<Published> published();

  List<Applied> applied();

  /** Records an applied task unless one with a higher notification version of the same source was recorded. */
  void recordApplied(Applied applied);

  /** Workflow (history) replication levels of {@code direction}; none in a store without them. */
  default List<WorkflowReplicationProgress.Level> workflowLevels(WorkflowReplicationProgress.Direction direction) {
    return List.of();
  }
}
