package dev.conduit.history.api.getreplicationtasks;

import com.google.protobuf.ByteString;
import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.persistence.execution.ReplicationTaskRecord;
import dev.conduit.proto.history.v1.GetReplicationTasksRequest;
import dev.conduit.proto.history.v1.GetReplicationTasksResponse;
import dev.conduit.proto.history.v1.ReplicationTask;
import java.util.List;

/**
 * GetReplicationTasks: a shard's replication tasks for one remote cluster, in task id order, above the
 * greater of the caller's last read id and the cluster's ack level, and never above the read level (an id
 * below which every write has finished), so a task committed late is never skipped.
 */
public final class GetReplicationTasks {
  /** Upper bound of a page, whatever the caller asks. */
  static final int MAX_PAGE_SIZE = 1000;

  private final ShardController shards;

  public GetReplicationTasks(ShardController shards) {
    this.shards = shards;
  }

  public GetReplicationTasksResponse invoke(GetReplicationTasksRequest request) {
    if (request.getClusterName().isEmpty()) {
      throw new InvalidRequestException("ClusterName is not set on request.");
    }
    if (request.getPageSize() <= 0) {
      throw new InvalidRequestException("PageSize must be positive.");
    }
    ShardContext shard = shards.shard(request.getShardId());
    int pageSize = Math.min(request.getPageSize(), MAX_PAGE_SIZE);
    // the read level first: a task committed after it is read next time
    long maxReadLevel = shard.replicationMaxReadLevel();
    long from = Math.max(request.getLastReadTaskId(), shard.replicationAckLevel(request.getClusterName()));
    List<ReplicationTaskRecord> records = from >= maxReadLevel
        ? List.of()
        : shard.store().getReplicationTasks(shard.shardId(), from, maxReadLevel, pageSize);
    boolean full = records.size() == pageSize;
    GetReplicationTasksResponse.Builder response = GetReplicationTasksResponse.newBuilder()
        .setLastReadTaskId(full ? records.get(records.size() - 1).taskId() : Math.max(from, maxReadLevel))
        .setHasMore(full);
    for (ReplicationTaskRecord record : records) {
      response.addTasks(ReplicationTask.newBuilder()
          .setTaskId(record.taskId())
          .setTaskType(record.type())
          .setData(ByteString.copyFrom(record.data())));
    }
    return response.build();
  }
}
