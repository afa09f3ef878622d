package dev.conduit.frontend.admin;

import com.google.protobuf.Timestamp;
import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.cluster.KnownCluster;
import dev.conduit.persistence.replication.ReplicationProgressStore;
import dev.conduit.proto.admin.v1.GetReplicationStatusRequest;
import dev.conduit.proto.admin.v1.GetReplicationStatusResponse;
import dev.conduit.proto.admin.v1.NamespaceReplicationStatus;
import dev.conduit.proto.admin.v1.RemoteClusterReplicationStatus;
import dev.conduit.persistence.replication.WorkflowReplicationProgress.Direction;
import dev.conduit.persistence.replication.WorkflowReplicationProgress.Level;
import dev.conduit.proto.admin.v1.ShardReplicationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code AdminService.GetReplicationStatus}: per remote cluster, the last namespace change sent to it and the last
 * of its changes applied here, with their times; and per shard, the last workflow replication task published to it
 * and the last of its tasks applied here, with the lag of that task (applied time minus the time its cluster wrote
 * it).
 */
final class AdminReplication {
  private final FrontendContext context;
  private final Optional<ReplicationProgressStore> progress;

  AdminReplication(FrontendContext context, Optional<ReplicationProgressStore> progress) {
    this.context = context;
    this.progress = progress;
  }

  GetReplicationStatusResponse status(GetReplicationStatusRequest request) {
    Map<String, ReplicationProgressStore.Published> published = progress.map(store -> store.published().stream()
        .collect(Collectors.toMap(ReplicationProgressStore.Published::remoteCluster, Function.identity())))
        .orElse(Map.of());
    Map<String, ReplicationProgressStore.Applied> applied = progress.map(store -> store.applied().stream()
        .collect(Collectors.toMap(ReplicationProgressStore.Applied::sourceCluster, Function.identity())))
        .orElse(Map.of());
    List<Level> workflowsPublished = progress.map(store -> store.workflowLevels(Direction.PUBLISHED)).orElse(List.of());
    List<Level> workflowsApplied = progress.map(store -> store.workflowLevels(Direction.APPLIED)).orElse(List.of());
    // the store's notification version is the one the next write takes: a caught-up remote has the one below
    long current = context.namespaceStore().notificationVersion() - 1;
    boolean kafka = context.clusterMetadata().replicatesThroughKafka();
    var configured = context.clusterMetadata().clusterInformation();
    GetReplicationStatusResponse.Builder response = GetReplicationStatusResponse.newBuilder().setCluster(context.currentCluster());
    for (KnownCluster cluster : context.clusters().all()) {
      if (cluster.source() == KnownCluster.Source.CURRENT) {
        continue;
      }
      NamespaceReplicationStatus.Builder namespaces = NamespaceReplicationStatus.newBuilder()
          .setCurrentNotificationVersion(current)
          .setLastPublishedNotificationVersion(-1)
          .setLastAppliedNotificationVersion(-1);
      ReplicationProgressStore.Published sent = published.get(cluster.name());
      if (sent != null) {
        namespaces.setLastPublishedNotificationVersion(sent.notificationVersion());
        if (sent.time() != null) {
          namespaces.setLastPublishedTime(timestamp(sent.time()));
        }
      }
      ReplicationProgressStore.Applied got = applied.get(cluster.name());
      if (got != null) {
        namespaces.setLastAppliedNotificationVersion(got.notificationVersion())
            .setLastAppliedNamespace(got.namespace() == null ? "" : got.namespace());
        if (got.time() != null) {
          namespaces.setLastAppliedTime(timestamp(got.time()));
        }
      }
      boolean enabled = kafka && cluster.connectionEnabled() && configured.containsKey(cluster.name());
      response.addRemoteClusters(RemoteClusterReplicationStatus.newBuilder()
          .setCluster(cluster.name())
          .setReplicationEnabled(enabled)
          .setNamespaces(namespaces)
          .addAllShards(shards(cluster.name(), workflowsPublished, workflowsApplied)));
    }
    return response.build();
  }

  /** Per shard, the last task published to {@code remote} and the last of its shard's tasks applied here. */
  static List<ShardReplicationStatus> shards(String remote, List<Level> published, List<Level> applied) {
    Map<Integer, ShardReplicationStatus.Builder> shards = new TreeMap<>();
    for (Level level : published) {
      if (level.remoteCluster().equals(remote)) {
        ShardReplicationStatus.Builder shard = shard(shards, level.shardId()).setLastPublishedTaskId(level.taskId())
            .setPublishedBy(level.host() == null ? "" : level.host());
        if (level.recordedTime() != null) {
          shard.setLastPublishedTime(timestamp(level.recordedTime()));
        }
      }
    }
    for (Level level : applied) {
      if (level.remoteCluster().equals(remote)) {
        ShardReplicationStatus.Builder shard = shard(shards, level.shardId()).setLastAppliedTaskId(level.taskId())
            .setAppliedBy(level.host() == null ? "" : level.host());
        if (level.recordedTime() != null) {
          shard.setLastAppliedTime(timestamp(level.recordedTime()));
        }
        if (level.taskTime() != null) {
          shard.setLastAppliedTaskTime(timestamp(level.taskTime()));
        }
        if (level.taskTime() != null && level.recordedTime() != null) {
          Duration lag = Duration.between(level.taskTime(), level.recordedTime());
          shard.setApplyLag(com.google.protobuf.Duration.newBuilder().setSeconds(lag.getSeconds()).setNanos(lag.getNano()));
        }
      }
    }
    return shards.values().stream().map(ShardReplicationStatus.Builder::build).toList();
  }

  private static ShardReplicationStatus.Builder shard(Map<Integer, ShardReplicationStatus.Builder> shards, int id) {
    return shards.computeIfAbsent(id, key -> ShardReplicationStatus.newBuilder().setShardId(key)
        .setLastPublishedTaskId(-1).setLastAppliedTaskId(-1));
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }
}
