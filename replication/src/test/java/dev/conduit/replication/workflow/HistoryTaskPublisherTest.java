package dev.conduit.replication.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.conduit.proto.history.v1.ReplicationTask;
import dev.conduit.proto.persistence.v1.HistoryReplicationTask;
import dev.conduit.proto.persistence.v1.ReplicationTaskData;
import dev.conduit.proto.persistence.v1.SyncActivityReplicationTask;
import dev.conduit.proto.persistence.v1.VersionHistoryItem;
import dev.conduit.proto.replication.v1.WorkflowReplicationTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The source side of workflow replication: every shard's history tasks go to every remote topic with their
 * events, keyed by workflow, in task id order, and a remote's ack level moves only past what Kafka took.
 */
class HistoryTaskPublisherTest {
  private record Sent(String topic, String key, WorkflowReplicationTask task) {}

  private final FakeLocalHistory history = new FakeLocalHistory(2);
  private final List<Sent> sent = new ArrayList<>();
  private RuntimeException kafkaDown;
  private final HistoryTaskPublisher publisher = new HistoryTaskPublisher(history, (topic, key, task) -> {
    if (kafkaDown != null) {
      return java.util.concurrent.CompletableFuture.failedFuture(kafkaDown);
    }
    sent.add(new Sent(topic, key, task));
    return java.util.concurrent.CompletableFuture.completedFuture(null);
  }, "active", Map.of("standby", "standby-topic", "other", "other-topic"), 4096);

  @Test
  void historyTasksGoToEveryRemoteWithTheirEventsKeyedByWorkflowInTaskOrder() {
    history.add(0, historyTask(5, "wf-a", 1, 2));
    history.add(0, historyTask(9, "wf-a", 3, 3));
    history.add(1, historyTask(7, "wf-b", 1, 2));

    assertThat(publisher.publishOnce()).isEqualTo(6);

    List<Sent> toStandby = sent.stream().filter(s -> s.topic().equals("standby-topic")).toList();
    assertThat(toStandby).extracting(s -> s.task().getSourceTaskId()).containsExactly(5L, 9L, 7L);
    assertThat(toStandby).extracting(Sent::key).containsExactly("ns-1/wf-a", "ns-1/wf-a", "ns-1/wf-b");
    WorkflowReplicationTask first = toStandby.get(0).task();
    assertThat(first.getSourceCluster()).isEqualTo("active");
    assertThat(first.getHistory().getEventsCount()).isEqualTo(2);
    assertThat(first.getFirstEventId()).isEqualTo(1);
    assertThat(first.getNextEventId()).isEqualTo(3);
    assertThat(first.getHistory().getVersionHistoryItemsList()).extracting(VersionHistoryItem::getEventId).containsExactly(2L);
    assertThat(history.ackLevel(0, "standby")).isEqualTo(9);
    assertThat(history.ackLevel(1, "other")).isEqualTo(7);
    // nothing new: nothing sent again
    assertThat(publisher.publishOnce()).isZero();
  }

  @Test
  void aSendKafkaDidNotTakeLeavesTheAckLevelAndGoesOutAgainLater() {
    history.add(0, historyTask(5, "wf-a", 1, 2));
    kafkaDown = new IllegalStateException("Kafka did not acknowledge");

    assertThat(publisher.publishOnce()).isZero();
    assertThat(history.ackLevel(0, "standby")).isZero();

    kafkaDown = null;
    assertThat(publisher.publishOnce()).isEqualTo(2);
    assertThat(history.ackLevel(0, "standby")).isEqualTo(5);
  }

  @Test
  void syncActivityTasksGoOutKeyedByTheirWorkflowAndTasksWithoutEventsAreOnlyAcked() {
    history.add(0, ReplicationTask.newBuilder().setTaskId(3).setTaskType(2).setData(ReplicationTaskData.newBuilder()
        .setSyncActivity(SyncActivityReplicationTask.newBuilder().setNamespaceId("ns-1").setWorkflowId("wf-a")
            .setScheduledEventId(5).setAttempt(2)).build().toByteString()).build());
    history.add(0, historyTask(4, "wf-gone", 1, 2).toBuilder().clearEvents().build());

    assertThat(publisher.publishOnce()).isEqualTo(2);
    assertThat(sent).extracting(Sent::key).containsOnly("ns-1/wf-a");
    assertThat(sent.get(0).task().getSyncActivity().getAttempt()).isEqualTo(2);
    assertThat(history.ackLevel(0, "standby")).isEqualTo(4);
  }

  @Test
  void tasksHistoryLeavesOutForACluster_stillMoveItsAckLevelPastThem() {
    // the namespace of wf-a lists "standby" only: history leaves its tasks out of "other"'s pages
    history.replicatesTo = (cluster, task) -> cluster.equals("standby");
    history.add(0, historyTask(5, "wf-a", 1, 2));
    history.add(0, historyTask(9, "wf-a", 3, 3));

    assertThat(publisher.publishOnce()).isEqualTo(2);

    assertThat(sent).extracting(Sent::topic).containsOnly("standby-topic");
    assertThat(history.ackLevel(0, "standby")).isEqualTo(9);
    // nothing went to "other", and its ack level is past the tasks, so the outbox can drop them
    assertThat(history.ackLevel(0, "other")).isEqualTo(9);
  }

  @Test
  void aTaskTooLargeForAMessageGoesWithItsEventIdsOnly() {
    ReplicationTask large = historyTask(5, "wf-big", 1, 2).toBuilder()
        .addEvents(ByteString.copyFrom(new byte[5000])).build();
    history.add(0, large);

    publisher.publishOnce();

    WorkflowReplicationTask sentTask = sent.get(0).task();
    assertThat(sentTask.getHistory().getEventsCount()).isZero();
    assertThat(sentTask.getFirstEventId()).isEqualTo(1);
    assertThat(sentTask.getNextEventId()).isEqualTo(3);
    assertThat(sentTask.getHistory().getVersionHistoryItemsCount()).isEqualTo(1);
  }

  @Test
  void aPageLargerThanTheReadSizeIsReadToTheEnd() {
    for (int i = 1; i <= HistoryTaskPublisher.PAGE_SIZE + 5; i++) {
      history.add(1, historyTask(i, "wf-" + i, 1, 1));
    }
    publisher.publishOnce();
    assertThat(sent.stream().filter(s -> s.topic().equals("standby-topic"))).hasSize(HistoryTaskPublisher.PAGE_SIZE + 5);
    assertThat(history.ackLevel(1, "standby")).isEqualTo(HistoryTaskPublisher.PAGE_SIZE + 5);
  }

  @Test
  void severalHostsEachPublishTheShardsTheRingGivesThemAndAShardThatMovesGoesOnFromItsAckLevel() {
    java.util.Set<Integer> ownedByA = new java.util.HashSet<>(java.util.Set.of(0));
    List<Sent> sentByA = new ArrayList<>();
    List<Sent> sentByB = new ArrayList<>();
    HistoryTaskPublisher hostA = host(sentByA, ownedByA::contains);
    HistoryTaskPublisher hostB = host(sentByB, shard -> !ownedByA.contains(shard));
    history.add(0, historyTask(5, "wf-a", 1, 2));
    history.add(1, historyTask(7, "wf-b", 1, 2));

    hostA.publishOnce();
    hostB.publishOnce();

    assertThat(sentByA).extracting(sent -> sent.task().getSourceShardId()).containsOnly(0);
    assertThat(sentByA).extracting(sent -> sent.task().getSourceTaskId()).containsExactly(5L);
    assertThat(sentByB).extracting(sent -> sent.task().getSourceShardId()).containsOnly(1);
    assertThat(history.ackLevel(1, "standby")).isEqualTo(7);

    // host B is gone: the ring gives its shard to A, which goes on from B's ack level
    ownedByA.add(1);
    history.add(1, historyTask(11, "wf-b", 3, 3));
    hostA.publishOnce();

    assertThat(sentByA).extracting(sent -> sent.task().getSourceTaskId()).containsExactly(5L, 11L);
    assertThat(history.ackLevel(1, "standby")).isEqualTo(11);
  }

  private HistoryTaskPublisher host(List<Sent> sends, java.util.function.IntPredicate owns) {
    return new HistoryTaskPublisher(history, (topic, key, task) -> {
      if (topic.equals("standby-topic")) {
        sends.add(new Sent(topic, key, task));
      }
      return java.util.concurrent.CompletableFuture.completedFuture(null);
    }, "active", Map.of("standby", "standby-topic"), 4096, java.time.Clock.systemUTC(),
        HistoryTaskPublisher.PublishedLevels.NONE, owns);
  }

  private static ReplicationTask historyTask(long taskId, String workflowId, long firstEventId, long lastEventId) {
    HistoryReplicationTask data = HistoryReplicationTask.newBuilder().setNamespaceId("ns-1").setWorkflowId(workflowId)
        .setRunId("run-1").setFirstEventId(firstEventId).setNextEventId(lastEventId + 1).setVersion(1)
        .addVersionHistoryItems(VersionHistoryItem.newBuilder().setEventId(lastEventId).setVersion(1)).build();
    ReplicationTask.Builder task = ReplicationTask.newBuilder().setTaskId(taskId).setTaskType(1)
        .setData(ReplicationTaskData.newBuilder().setHistory(data).build().toByteString());
    for (long id = firstEventId; id <= lastEventId; id++) {
      task.addEvents(ByteString.copyFromUtf8("event " + id)); // opaque here: history encodes and decodes them
    }
    return task.build();
  }
}
