package dev.conduit.replication.workflow;

import dev.conduit.proto.history.v1.GetReplicationTasksRequest;
import dev.conduit.proto.history.v1.GetReplicationTasksResponse;
import dev.conduit.proto.history.v1.ReplicateEventsRequest;
import dev.conduit.proto.history.v1.ReplicateEventsResponse;
import dev.conduit.proto.history.v1.ReplicationTask;
import dev.conduit.proto.history.v1.SyncActivityRequest;
import dev.conduit.proto.history.v1.SyncActivityResponse;
import dev.conduit.proto.history.v1.UpdateReplicationAckLevelRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.function.Function;

/** A history outbox in memory, read and acked as history's API does, and a ReplicateEvents answer. */
final class FakeLocalHistory implements LocalHistory {
  final Map<Integer, TreeMap<Long, ReplicationTask>> outbox = new HashMap<>();
  final Map<String, Long> ackLevels = new HashMap<>();
  final List<ReplicateEventsRequest> replicated = new ArrayList<>();
  final List<SyncActivityRequest> synced = new ArrayList<>();
  Function<ReplicateEventsRequest, ReplicateEventsResponse> answer = r -> ReplicateEventsResponse.newBuilder()
      .setOutcome(ReplicateEventsResponse.Outcome.OUTCOME_APPLIED).build();
  /** Which tasks go to which cluster (history leaves out those of namespaces that do not list it). */
  BiPredicate<String, ReplicationTask> replicatesTo = (cluster, task) -> true;
  private final int numShards;

  FakeLocalHistory(int numShards) {
    this.numShards = numShards;
  }

  void add(int shard, ReplicationTask task) {
    outbox.computeIfAbsent(shard, s -> new TreeMap<>()).put(task.getTaskId(), task);
  }

  @Override
  public int numShards() {
    return numShards;
  }

  @Override
  public GetReplicationTasksResponse getReplicationTasks(GetReplicationTasksRequest request) {
    long from = Math.max(request.getLastReadTaskId(), ackLevels.getOrDefault(key(request.getShardId(), request.getClusterName()), 0L));
    List<ReplicationTask> tasks = new ArrayList<>(outbox.getOrDefault(request.getShardId(), new TreeMap<>())
        .tailMap(from, false).values());
    boolean more = tasks.size() > request.getPageSize();
    tasks = tasks.subList(0, Math.min(tasks.size(), request.getPageSize()));
    long last = tasks.isEmpty() ? from : tasks.get(tasks.size() - 1).getTaskId();
    GetReplicationTasksResponse.Builder page = GetReplicationTasksResponse.newBuilder()
        .setLastReadTaskId(last).setHasMore(more);
    if (!tasks.isEmpty()) {
      page.setFirstTaskId(tasks.get(0).getTaskId()).setLastTaskId(last);
    }
    tasks.stream().filter(task -> replicatesTo.test(request.getClusterName(), task)).forEach(page::addTasks);
    return page.build();
  }

  @Override
  public void updateReplicationAckLevel(UpdateReplicationAckLevelRequest request) {
    ackLevels.merge(key(request.getShardId(), request.getClusterName()), request.getAckLevel(), Math::max);
  }

  @Override
  public ReplicateEventsResponse replicateEvents(ReplicateEventsRequest request) {
    replicated.add(request);
    return answer.apply(request);
  }

  @Override
  public SyncActivityResponse syncActivity(SyncActivityRequest request) {
    synced.add(request);
    return SyncActivityResponse.newBuilder().setApplied(true).build();
  }

  long ackLevel(int shard, String cluster) {
    return ackLevels.getOrDefault(key(shard, cluster), 0L);
  }

  private static String key(int shard, String cluster) {
    return shard + "/" + cluster;
  }
}
