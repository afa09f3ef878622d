package dev.conduit.replication.workflow;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import dev.conduit.proto.history.v1.GetReplicationTasksRequest;
import dev.conduit.proto.history.v1.GetReplicationTasksResponse;
import dev.conduit.proto.history.v1.ReplicateEventsRequest;
import dev.conduit.proto.history.v1.ReplicationTask;
import dev.conduit.proto.history.v1.UpdateReplicationAckLevelRequest;
import dev.conduit.proto.persistence.v1.HistoryReplicationTask;
import dev.conduit.proto.persistence.v1.ReplicationTaskData;
import dev.conduit.proto.replication.v1.WorkflowReplicationTask;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source side of workflow replication: reads every shard's replication outbox for each remote cluster,
 * in task id order, and publishes each history task with its events to that cluster's topic, keyed by
 * workflow so one workflow's tasks stay in order (a page's sends go out together; the idempotent producer keeps
 * their order). A remote's ack level moves only after Kafka acknowledged every task below it; after a restart the tasks above the ack level go out again and the standby drops the
 * ones it has. Sync-activity tasks (a pending activity's attempt state) go the same way. A history task
 * too large for a Kafka message goes with its event ids only, and the standby reads the events from here.
 *
 * <p>With several replication hosts, each publishes the shards the replication ring gives it ({@code owns}); a shard
 * it gains is read again from its ack level, since the previous owner may have published less than it read.
 */
public final class HistoryTaskPublisher {
  private static final Logger log = LoggerFactory.getLogger(HistoryTaskPublisher.class);
  static final int PAGE_SIZE = 100;

  /** Sends one task; the future completes when the broker acknowledged it (sends of one key keep their order). */
  @FunctionalInterface
  public interface Sender {
    Future<?> send(String topic, String key, WorkflowReplicationTask task);
  }

  /** Hears of the last task of a shard Kafka acknowledged for a remote, after each page that sent any. */
  @FunctionalInterface
  public interface PublishedLevels {
    PublishedLevels NONE = (cluster, shard, taskId, taskTime) -> { };

    void published(String cluster, int shard, long taskId, Instant taskTime);
  }

  private static final long ACK_TIMEOUT_SECONDS = 40;

  private final LocalHistory history;
  private final Sender sender;
  private final String currentCluster;
  private final Map<String, String> remoteTopics;
  private final Map<String, long[]> lastRead = new HashMap<>();
  private final int maxMessageBytes;
  private final Clock clock;
  private final PublishedLevels publishedLevels;
  private final IntPredicate owns;
  private final boolean[] owned;

  /**
   * @param remoteTopics each remote cluster's replication topic
   * @param maxMessageBytes a history task larger than this goes without its events (the receiver reads them)
   */
  public HistoryTaskPublisher(LocalHistory history, Sender sender, String currentCluster, Map<String, String> remoteTopics,
      int maxMessageBytes) {
    this(history, sender, currentCluster, remoteTopics, maxMessageBytes, Clock.systemUTC(), PublishedLevels.NONE,
        shard -> true);
  }

  /**
   * Like the other constructor; {@code publishedLevels} hears how far each shard got with each remote, and only
   * the shards {@code owns} accepts (asked on every pass) are published.
   */
  public HistoryTaskPublisher(LocalHistory history, Sender sender, String currentCluster, Map<String, String> remoteTopics,
      int maxMessageBytes, Clock clock, PublishedLevels publishedLevels, IntPredicate owns) {
    this.owns = owns;
    this.owned = new boolean[history.numShards()];
    this.maxMessageBytes = maxMessageBytes;
    this.clock = clock;
    this.publishedLevels = publishedLevels;
    this.history = history;
    this.sender = sender;
    this.currentCluster = currentCluster;
    this.remoteTopics = Map.copyOf(remoteTopics);
    remoteTopics.keySet().forEach(cluster -> lastRead.put(cluster, new long[history.numShards()]));
  }

  /** One pass over every shard and remote; returns how many tasks it published. A failing shard waits. */
  public int publishOnce() {
    int published = 0;
    boolean[] mine = ownedShards();
    for (Map.Entry<String, String> remote : remoteTopics.entrySet()) {
      for (int shard = 0; shard < history.numShards(); shard++) {
        if (!mine[shard]) {
          continue;
        }
        try {
          published += publishShard(remote.getKey(), remote.getValue(), shard);
        } catch (RuntimeException e) {
          log.warn("publishing shard {} to cluster {} failed; retrying from its ack level", shard, remote.getKey(), e);
          lastRead.get(remote.getKey())[shard] = 0;
        }
      }
    }
    return published;
  }

  /** The shards this host publishes now; a shard just gained starts again from each remote's ack level. */
  private boolean[] ownedShards() {
    boolean[] mine = new boolean[owned.length];
    for (int shard = 0; shard < owned.length; shard++) {
      mine[shard] = owns.test(shard);
      if (mine[shard] != owned[shard]) {
        log.info("replication publisher {} shard {}", mine[shard] ? "takes" : "gives up", shard);
        if (mine[shard]) {
          for (long[] levels : lastRead.values()) {
            levels[shard] = 0;
          }
        }
        owned[shard] = mine[shard];
      }
    }
    return mine;
  }

  private int publishShard(String cluster, String topic, int shard) {
    int published = 0;
    long[] levels = lastRead.get(cluster);
    GetReplicationTasksResponse page;
    do {
      page = history.getReplicationTasks(GetReplicationTasksRequest.newBuilder().setShardId(shard)
          .setClusterName(cluster).setLastReadTaskId(levels[shard]).setPageSize(PAGE_SIZE).build());
      List<Future<?>> sends = new ArrayList<>();
      WorkflowReplicationTask last = null;
      for (ReplicationTask task : page.getTasksList()) {
        WorkflowReplicationTask message = message(shard, task);
        if (message != null) {
          sends.add(sender.send(topic, key(message), message));
          last = message;
        }
      }
      awaitAcks(sends, topic);
      published += sends.size();
      if (last != null) {
        publishedLevels.published(cluster, shard, last.getSourceTaskId(), toInstant(last.getTaskTime()));
      }
      // every task the page read is acknowledged or not for this cluster (its namespace does not list it)
      if (page.getLastTaskId() > 0) {
        history.updateReplicationAckLevel(UpdateReplicationAckLevelRequest.newBuilder().setShardId(shard)
            .setClusterName(cluster).setAckLevel(page.getLastTaskId()).build());
      }
      levels[shard] = Math.max(levels[shard], page.getLastReadTaskId());
    } while (page.getHasMore());
    return published;
  }

  /** Waits until Kafka acknowledged every send of a page; any failure fails the page. */
  private static void awaitAcks(List<Future<?>> sends, String topic) {
    for (Future<?> send : sends) {
      try {
        send.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("Kafka did not acknowledge a send to " + topic + ": " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while sending to " + topic, e);
      }
    }
  }

  /** The message of a task; null for a history task whose run is gone (no events left to send). */
  private WorkflowReplicationTask message(int shard, ReplicationTask task) {
    ReplicationTaskData data = parse(task);
    WorkflowReplicationTask.Builder message = WorkflowReplicationTask.newBuilder()
        .setSourceCluster(currentCluster)
        .setSourceShardId(shard)
        .setSourceTaskId(task.getTaskId());
    if (data.hasSyncActivity()) {
      return message.setSyncActivity(data.getSyncActivity()).setTaskTime(timestamp(clock.instant())).build();
    }
    HistoryReplicationTask history = data.getHistory();
    if (!data.hasHistory() || task.getEventsCount() == 0) {
      return null;
    }
    message.setTaskTime(firstEventTime(task));
    message.setFirstEventId(history.getFirstEventId()).setNextEventId(history.getNextEventId())
        .setHistory(ReplicateEventsRequest.newBuilder()
            .setNamespaceId(history.getNamespaceId())
            .setWorkflowId(history.getWorkflowId())
            .setRunId(history.getRunId())
            .addAllVersionHistoryItems(history.getVersionHistoryItemsList())
            .addAllEvents(task.getEventsList()));
    if (message.build().getSerializedSize() > maxMessageBytes) {
      message.getHistoryBuilder().clearEvents();
      log.info("history task {} of shard {} ({} bytes with its events) goes without them", task.getTaskId(), shard,
          task.getSerializedSize());
    }
    return message.build();
  }

  /** The Kafka key: a workflow's tasks share a partition, hence an order. */
  static String key(WorkflowReplicationTask task) {
    return task.hasHistory()
        ? task.getHistory().getNamespaceId() + "/" + task.getHistory().getWorkflowId()
        : task.getSyncActivity().getNamespaceId() + "/" + task.getSyncActivity().getWorkflowId();
  }

  private Timestamp firstEventTime(ReplicationTask task) {
    try {
      HistoryEvent first = HistoryEvent.parseFrom(task.getEvents(0));
      return first.hasEventTime() ? first.getEventTime() : timestamp(clock.instant());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt event in replication task " + task.getTaskId(), e);
    }
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }

  private static Instant toInstant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  private static ReplicationTaskData parse(ReplicationTask task) {
    try {
      return ReplicationTaskData.parseFrom(task.getData());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt replication task " + task.getTaskId(), e);
    }
  }
}
