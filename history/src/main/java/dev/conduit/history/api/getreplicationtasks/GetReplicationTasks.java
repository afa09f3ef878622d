package dev.conduit.history.api.getreplicationtasks;

import com.google.protobuf.ByteString;
import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.errors.NamespaceNotFoundException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.persistence.execution.ReplicationTaskRecord;
import dev.conduit.proto.history.v1.GetReplicationTasksRequest;
import dev.conduit.proto.history.v1.GetReplicationTasksResponse;
import dev.conduit.proto.history.v1.ReplicationTask;
import dev.conduit.history.shard.ReplicationTaskType;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.proto.persistence.v1.HistoryReplicationTask;
import dev.conduit.proto.persistence.v1.ReplicationTaskData;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.List;

/**
 * GetReplicationTasks: a shard's replication tasks for one remote cluster, in task id order, above the
 * greater of the caller's last read id and the cluster's ack level, and never above the read level (an id
 * below which every write has finished), so a task committed late is never skipped. A history task comes
 * with the events it names, so the publisher needs no second call. Tasks of a namespace that does not list the
 * reading cluster are left out (the page still reports them read, so the reader's ack level moves past them).
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
        .setHasMore(full)
        .setMaxReadLevel(maxReadLevel);
    if (!records.isEmpty()) {
      response.setFirstTaskId(records.get(0).taskId()).setLastTaskId(records.get(records.size() - 1).taskId());
    }
    for (ReplicationTaskRecord record : records) {
      ReplicationTaskData data = parse(record);
      if (!replicatesTo(shard, namespaceIdOf(data), request.getClusterName())) {
        continue;
      }
      ReplicationTask.Builder task = ReplicationTask.newBuilder()
          .setTaskId(record.taskId())
          .setTaskType(record.type())
          .setData(ByteString.copyFrom(record.data()));
      if (record.type() == ReplicationTaskType.HISTORY.code()) {
        // the events it names, from the branch it was written to; a run deleted since (retention) has none left:
        // the task goes out without events and the receiver drops it
        HistoryReplicationTask history = data.getHistory();
        for (HistoryEvent event : shard.readEvents(history.getBranchToken().toByteArray(), history.getFirstEventId(),
            history.getNextEventId())) {
          task.addEvents(event.toByteString());
        }
      }
      response.addTasks(task);
    }
    return response.build();
  }

  /**
   * Whether the namespace's tasks go to the cluster: only to the clusters the namespace lists (a cluster that
   * merely has a topic, for other namespaces, gets none of them). A namespace this cluster no longer knows has
   * its tasks sent; the receiver decides.
   */
  private static boolean replicatesTo(ShardContext shard, String namespaceId, String cluster) {
    if (namespaceId.isEmpty()) {
      return true;
    }
    try {
      return shard.namespaces().byId(namespaceId).clusters().contains(cluster);
    } catch (NamespaceNotFoundException e) {
      return true;
    }
  }

  private static String namespaceIdOf(ReplicationTaskData data) {
    return data.hasHistory() ? data.getHistory().getNamespaceId()
        : data.hasSyncActivity() ? data.getSyncActivity().getNamespaceId() : "";
  }

  private static ReplicationTaskData parse(ReplicationTaskRecord record) {
    try {
      return ReplicationTaskData.parseFrom(record.data());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt replication task " + record.taskId(), e);
    }
  }
}
