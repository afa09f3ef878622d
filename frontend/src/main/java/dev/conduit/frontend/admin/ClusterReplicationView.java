package dev.conduit.frontend.admin;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.persistence.replication.ReplicationProgressStore;
import dev.conduit.persistence.replication.WorkflowReplicationProgress.Direction;
import dev.conduit.persistence.replication.WorkflowReplicationProgress.Level;
import dev.conduit.proto.admin.v1.AdminServiceGrpc;
import dev.conduit.proto.admin.v1.GetReplicationStatusRequest;
import dev.conduit.proto.admin.v1.GetReplicationStatusResponse;
import dev.conduit.proto.admin.v1.RemoteClusterReplicationStatus;
import dev.conduit.proto.admin.v1.ShardReplicationStatus;
import dev.conduit.proto.history.v1.GetReplicationTasksRequest;
import dev.conduit.proto.history.v1.GetReplicationTasksResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link GracefulFailover.ReplicationView} on the real cluster: backlogs from this cluster's history (the owner of
 * each shard), published levels from this cluster's progress store, and the target's applied levels from the
 * target's own admin service.
 */
final class ClusterReplicationView implements GracefulFailover.ReplicationView {
  private final FrontendContext context;
  private final Optional<ReplicationProgressStore> progress;

  ClusterReplicationView(FrontendContext context, Optional<ReplicationProgressStore> progress) {
    this.context = context;
    this.progress = progress;
  }

  @Override
  public int numShards() {
    return context.settings().numHistoryShards();
  }

  @Override
  public GracefulFailover.Backlog backlog(int shard, String target) {
    GetReplicationTasksResponse page = context.historyClient().callShard(shard, stub -> stub.getReplicationTasks(
        GetReplicationTasksRequest.newBuilder().setShardId(shard).setClusterName(target).setPageSize(1).build()));
    return new GracefulFailover.Backlog(page.getMaxReadLevel(),
        page.getFirstTaskId() == 0 ? -1 : page.getFirstTaskId());
  }

  @Override
  public Map<Integer, Long> published(String target) {
    Map<Integer, Long> levels = new HashMap<>();
    for (Level level : progress.map(store -> store.workflowLevels(Direction.PUBLISHED)).orElse(java.util.List.of())) {
      if (level.remoteCluster().equals(target)) {
        levels.put(level.shardId(), level.taskId());
      }
    }
    return levels;
  }

  @Override
  public Map<Integer, Long> appliedAt(String target, String source) {
    GetReplicationStatusResponse status = context.remoteFrontends().call(target,
        AdminServiceGrpc.getGetReplicationStatusMethod(), GetReplicationStatusRequest.getDefaultInstance(), false);
    Map<Integer, Long> levels = new HashMap<>();
    for (RemoteClusterReplicationStatus remote : status.getRemoteClustersList()) {
      if (remote.getCluster().equals(source)) {
        for (ShardReplicationStatus shard : remote.getShardsList()) {
          levels.put(shard.getShardId(), shard.getLastAppliedTaskId());
        }
      }
    }
    return levels;
  }
}
