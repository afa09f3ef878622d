package dev.conduit.history.api.getreplicationtasks;

import com.google.protobuf.ByteString;
import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.persistence.execution.ReplicationTaskRecord;
import dev.conduit.proto.history.v1.GetReplicationTasksRequest;
import dev.conduit.proto.history.v1.GetReplicationTasksResponse;
import dev.conduit.proto.history.v1.ReplicationTask;
import dev.conduit.history.api.HistoryPages;
import dev.conduit.history.shard.ReplicationTaskType;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.proto.persistence.v1.HistoryReplicationTask;
import dev.conduit.proto.persistence.v1.ReplicationTaskData;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * GetReplicationTasks: a shard's replication tasks for one remote cluster, in task id order, above the
 * greater of the caller's last read id and the cluster's ack level, and never above the read level (an id
 * below which every write has finished), so a task committed late is never skipped. A history task comes
 * with the events it names, so the publisher needs no second call.
 */
public final class GetReplicationTasks {
  /** Upper bound of a page, whatever the caller asks. */
  static final int MAX_PAGE_SIZE = 1000;
  private static final int EVENT_PAGE_SIZE = 100;

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
    for (ReplicationTaskRecord record : records) {
      ReplicationTask.Builder task = ReplicationTask.newBuilder()
          .setTaskId(record.taskId())
          .setTaskType(record.type())
          .setData(ByteString.copyFrom(record.data()));
      if (record.type() == ReplicationTaskType.HISTORY.code()) {
        for (HistoryEvent event : eventsOf(shard, historyTask(record))) {
          task.addEvents(event.toByteString());
        }
      }
      response.addTasks(task);
    }
    return response.build();
  }

  private static HistoryReplicationTask historyTask(ReplicationTaskRecord record) {
    try {
      return ReplicationTaskData.parseFrom(record.data()).getHistory();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt replication task " + record.taskId(), e);
    }
  }

  /**
   * The events a history task names, read from the branch it was written to. A run deleted since (its
   * retention is over) has none left: the task goes out without events and the receiver drops it.
   */
  private static List<HistoryEvent> eventsOf(ShardContext shard, HistoryReplicationTask task) {
    List<HistoryEvent> events = new ArrayList<>();
    byte[] storeToken = null;
    do {
      HistoryPages.Page page = HistoryPages.read(shard, task.getBranchToken().toByteArray(), task.getFirstEventId(),
          task.getNextEventId(), EVENT_PAGE_SIZE, storeToken);
      events.addAll(page.events());
      storeToken = page.storeToken();
    } while (storeToken != null);
    return events;
  }
}
