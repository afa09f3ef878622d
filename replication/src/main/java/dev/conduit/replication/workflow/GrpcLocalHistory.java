package dev.conduit.replication.workflow;

import dev.conduit.common.ShardIds;
import dev.conduit.proto.history.v1.GetReplicationTasksRequest;
import dev.conduit.proto.history.v1.GetReplicationTasksResponse;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import dev.conduit.proto.history.v1.ReplicateEventsRequest;
import dev.conduit.proto.history.v1.ReplicateEventsResponse;
import dev.conduit.proto.history.v1.SyncActivityRequest;
import dev.conduit.proto.history.v1.SyncActivityResponse;
import dev.conduit.proto.history.v1.UpdateReplicationAckLevelRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** {@link LocalHistory} over gRPC: {@code ownerOfShard} gives the stub of the history host that owns a shard. */
public final class GrpcLocalHistory implements LocalHistory {
  private final IntFunction<HistoryServiceBlockingStub> ownerOfShard;
  private final int numShards;
  private final Duration timeout;

  public GrpcLocalHistory(IntFunction<HistoryServiceBlockingStub> ownerOfShard, int numShards, Duration timeout) {
    this.ownerOfShard = ownerOfShard;
    this.numShards = numShards;
    this.timeout = timeout;
  }

  @Override
  public int numShards() {
    return numShards;
  }

  @Override
  public GetReplicationTasksResponse getReplicationTasks(GetReplicationTasksRequest request) {
    return stub(request.getShardId()).getReplicationTasks(request);
  }

  @Override
  public void updateReplicationAckLevel(UpdateReplicationAckLevelRequest request) {
    stub(request.getShardId()).updateReplicationAckLevel(request);
  }

  @Override
  public ReplicateEventsResponse replicateEvents(ReplicateEventsRequest request) {
    return stub(ShardIds.shardOf(request.getNamespaceId(), request.getWorkflowId(), numShards)).replicateEvents(request);
  }

  @Override
  public SyncActivityResponse syncActivity(SyncActivityRequest request) {
    return stub(ShardIds.shardOf(request.getTask().getNamespaceId(), request.getTask().getWorkflowId(), numShards))
        .syncActivity(request);
  }

  private HistoryServiceBlockingStub stub(int shardId) {
    return ownerOfShard.apply(shardId).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
