package dev.conduit.history.api.getreplicationtasks;

import dev.conduit.history.api.HistoryPages;
import static dev.conduit.history.testing.Commands.activity;
import static dev.conduit.history.testing.Commands.applicationFailure;
import static dev.conduit.history.testing.Commands.continueAsNew;
import static dev.conduit.history.testing.Commands.scheduleActivity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.history.api.updatereplicationacklevel.UpdateReplicationAckLevel;
import dev.conduit.history.shard.ReplicationTaskType;
import dev.conduit.history.testing.Commands;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.ReplicationTaskRecord;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.history.v1.GetReplicationTasksRequest;
import dev.conduit.proto.history.v1.GetReplicationTasksResponse;
import dev.conduit.proto.history.v1.ReplicationTask;
import dev.conduit.proto.history.v1.UpdateReplicationAckLevelRequest;
import dev.conduit.proto.persistence.v1.HistoryReplicationTask;
import dev.conduit.proto.persistence.v1.HistoryShardInfo;
import dev.conduit.proto.persistence.v1.ReplicationTaskData;
import dev.conduit.proto.persistence.v1.SyncActivityReplicationTask;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The replication outbox: a global namespace's writes store history and sync-activity tasks with the
 * state change, a local namespace's store none, and remote clusters read above their own ack levels.
 */
class ReplicationOutboxTest {
  private static final List<String> CLUSTERS = List.of("active", "standby");

  private final HistoryTestEnv env = new HistoryTestEnv();
  private final GetReplicationTasks get = new GetReplicationTasks(env.shards);
  private final UpdateReplicationAckLevel ack = new UpdateReplicationAckLevel(env.shards);

  @AfterEach
  void close() {
    env.close();
  }

  private void global() {
    env.namespaces.addGlobal(HistoryTestEnv.NAMESPACE_ID, HistoryTestEnv.NAMESPACE, HistoryTestEnv.VERSION, CLUSTERS);
  }

  private List<ReplicationTaskData> stored(WorkflowKey key) {
    return env.store.replicationTasks(env.shard(key).shardId()).stream().map(ReplicationOutboxTest::decode).toList();
  }

  private static ReplicationTaskData decode(ReplicationTaskRecord record) {
    return decode(record.data());
  }

  private static ReplicationTaskData decode(byte[] data) {
    try {
      return ReplicationTaskData.parseFrom(data);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  /** The started run's first task completes scheduling an activity: its shard's three replication task ids. */
  private List<Long> threeTasks(String workflowId) {
    WorkflowKey key = env.current(workflowId);
    env.completeWorkflowTask(env.pollWorkflowTask(key), scheduleActivity(activity("a1")));
    List<Long> ids = env.store.replicationTasks(env.shard(key).shardId()).stream()
        .map(ReplicationTaskRecord::taskId).toList();
    assertThat(ids).hasSize(3);
    return ids;
  }

  private GetReplicationTasksResponse read(int shardId, String cluster, long lastRead, int pageSize) {
    return get.invoke(GetReplicationTasksRequest.newBuilder().setShardId(shardId).setClusterName(cluster)
        .setLastReadTaskId(lastRead).setPageSize(pageSize).build());
  }

  private void ack(int shardId, String cluster, long level) {
    ack.invoke(UpdateReplicationAckLevelRequest.newBuilder().setShardId(shardId).setClusterName(cluster)
        .setAckLevel(level).build());
  }

  @Test
  void activityLifecycleOfAGlobalNamespaceStoresHistoryAndActivityStateTasksInIdOrder() {
    global();
    WorkflowKey key = env.startWorkflow("rep-1");
    env.completeWorkflowTask(env.pollWorkflowTask(key), scheduleActivity(activity("a1")));
    PollActivityTaskQueueResponse attempt1 = env.pollActivityTask(key);
    env.clock.advance(Duration.ofMillis(300));
    env.heartbeat.invoke(HistoryTestEnv.NAMESPACE_ID, RecordActivityTaskHeartbeatRequest.newBuilder()
        .setTaskToken(attempt1.getTaskToken()).setDetails(Commands.payload("50%")).setIdentity("worker-1").build());
    env.respondActivityTaskFailed.invoke(HistoryTestEnv.NAMESPACE_ID, RespondActivityTaskFailedRequest.newBuilder()
        .setTaskToken(attempt1.getTaskToken()).setFailure(applicationFailure("flaky", "IOError", false))
        .setIdentity("worker-1").build());
    env.processTransfers();
    env.advance(Duration.ofSeconds(1));
    PollActivityTaskQueueResponse attempt2 = env.pollActivityTask(key);
    env.completeActivity(attempt2, "done");

    List<ReplicationTaskRecord> records = env.store.replicationTasks(env.shard(key).shardId());
    assertThat(records).extracting(ReplicationTaskRecord::taskId).isSorted().doesNotHaveDuplicates();
    List<ReplicationTaskData> tasks = stored(key);
    assertThat(tasks).extracting(ReplicationTaskData::getTaskCase).containsExactly(
        ReplicationTaskData.TaskCase.HISTORY,        // started, workflow task scheduled
        ReplicationTaskData.TaskCase.HISTORY,        // workflow task started
        ReplicationTaskData.TaskCase.HISTORY,        // workflow task completed, activity scheduled
        ReplicationTaskData.TaskCase.SYNC_ACTIVITY,  // attempt 1 started
        ReplicationTaskData.TaskCase.SYNC_ACTIVITY,  // heartbeat
        ReplicationTaskData.TaskCase.SYNC_ACTIVITY,  // attempt 1 failed, retry as attempt 2
        ReplicationTaskData.TaskCase.SYNC_ACTIVITY,  // attempt 2 started
        ReplicationTaskData.TaskCase.HISTORY);       // activity started, completed, workflow task scheduled
    assertThat(records).extracting(ReplicationTaskRecord::type).containsExactly(1, 1, 1, 2, 2, 2, 2, 1);

    List<HistoryEvent> events = env.events(key);
    long next = 1;
    for (ReplicationTaskData task : tasks) {
      if (task.hasHistory()) {
        HistoryReplicationTask history = task.getHistory();
        assertThat(history.getRunId()).isEqualTo(key.runId());
        assertThat(history.getFirstEventId()).as("batches follow each other").isEqualTo(next);
        assertThat(history.getVersion()).isEqualTo(HistoryTestEnv.VERSION);
        assertThat(history.getVersionHistoryItemsList()).isNotEmpty();
        assertThat(history.getBranchToken().toByteArray()).as("the run's current branch")
            .isEqualTo(HistoryPages.branchOf(env.state(key)));
        next = history.getNextEventId();
      }
    }
    assertThat(next - 1).as("every event is in some history task").isEqualTo(events.size());
    assertThat(events.get(events.size() - 1).getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);

    SyncActivityReplicationTask started1 = tasks.get(3).getSyncActivity();
    assertThat(started1.getScheduledEventId()).isEqualTo(5);
    assertThat(started1.getAttempt()).isEqualTo(1);
    assertThat(started1.hasStartedTime()).isTrue();
    assertThat(started1.getStartedIdentity()).isEqualTo("worker-1");
    assertThat(started1.getVersion()).isEqualTo(HistoryTestEnv.VERSION);
    SyncActivityReplicationTask heartbeat = tasks.get(4).getSyncActivity();
    assertThat(heartbeat.hasLastHeartbeatTime()).isTrue();
    assertThat(payloadText(heartbeat.getLastHeartbeatDetails().toByteArray())).isEqualTo("50%");
    SyncActivityReplicationTask retry = tasks.get(5).getSyncActivity();
    assertThat(retry.getAttempt()).isEqualTo(2);
    assertThat(retry.hasStartedTime()).as("attempt 2 waits for its backoff").isFalse();
    assertThat(io.temporal.api.failure.v1.Failure.newBuilder().mergeFrom(parse(retry.getLastFailure().toByteArray()))
        .getMessage()).isEqualTo("flaky");
    SyncActivityReplicationTask started2 = tasks.get(6).getSyncActivity();
    assertThat(started2.getAttempt()).isEqualTo(2);
    assertThat(started2.hasStartedTime()).isTrue();
  }

  @Test
  void continueAsNewNamesTheNewRunAndTheNewRunsCreationEmitsItsOwnHistoryTask() {
    global();
    WorkflowKey key = env.startWorkflow("rep-can");
    env.completeWorkflowTask(env.pollWorkflowTask(key), continueAsNew("again"));
    env.settle();
    WorkflowKey successor = env.current("rep-can");
    assertThat(successor.runId()).isNotEqualTo(key.runId());

    List<HistoryReplicationTask> histories = stored(key).stream().filter(ReplicationTaskData::hasHistory)
        .map(ReplicationTaskData::getHistory).toList();
    HistoryReplicationTask closing = histories.stream().filter(h -> h.getRunId().equals(key.runId()))
        .reduce((a, b) -> b).orElseThrow();
    assertThat(closing.getNewRunId()).isEqualTo(successor.runId());
    HistoryReplicationTask created = histories.stream().filter(h -> h.getRunId().equals(successor.runId()))
        .findFirst().orElseThrow();
    assertThat(created.getFirstEventId()).isEqualTo(1);
    assertThat(created.getNewRunId()).isEmpty();
  }

  @Test
  void localNamespaceStoresNoReplicationTasks() {
    WorkflowKey key = env.startWorkflow("local-1");
    env.completeWorkflowTask(env.pollWorkflowTask(key), scheduleActivity(activity("a1")));
    env.completeActivity(env.pollActivityTask(key), "done");
    for (int shard : env.ownedShards()) {
      assertThat(env.store.replicationTasks(shard)).isEmpty();
    }
  }

  @Test
  void globalNamespaceWithOneClusterStoresNoReplicationTasks() {
    env.namespaces.addGlobal(HistoryTestEnv.NAMESPACE_ID, HistoryTestEnv.NAMESPACE, HistoryTestEnv.VERSION,
        List.of("active"));
    WorkflowKey key = env.startWorkflow("single-1");
    env.completeWorkflowTask(env.pollWorkflowTask(key), scheduleActivity(activity("a1")));
    assertThat(env.store.replicationTasks(env.shard(key).shardId())).isEmpty();
  }

  @Test
  void eachRemoteReadsAboveItsOwnAckLevelAndRowsGoOnceAllRemotesAcked() throws InvalidProtocolBufferException {
    env.namespaces.addGlobal(HistoryTestEnv.NAMESPACE_ID, HistoryTestEnv.NAMESPACE, HistoryTestEnv.VERSION,
        List.of("active", "standby", "third"));
    int shard = env.shard(env.startWorkflow("rep-ack")).shardId();
    List<Long> ids = threeTasks("rep-ack");

    GetReplicationTasksResponse first = read(shard, "standby", 0, 2);
    assertThat(first.getTasksList()).extracting(ReplicationTask::getTaskId).containsExactly(ids.get(0), ids.get(1));
    assertThat(first.getLastReadTaskId()).isEqualTo(ids.get(1));
    assertThat(first.getHasMore()).isTrue();
    assertThat(decode(first.getTasks(0).getData().toByteArray()).getHistory().getFirstEventId()).isEqualTo(1);
    assertThat(first.getTasks(0).getTaskType()).isEqualTo(ReplicationTaskType.HISTORY.code());
    GetReplicationTasksResponse rest = read(shard, "standby", first.getLastReadTaskId(), 2);
    assertThat(rest.getTasksList()).extracting(ReplicationTask::getTaskId).containsExactly(ids.get(2));
    assertThat(rest.getHasMore()).isFalse();
    assertThat(rest.getLastReadTaskId()).isGreaterThanOrEqualTo(ids.get(2));
    read(shard, "third", 0, 10);

    ack(shard, "standby", ids.get(1));
    assertThat(read(shard, "standby", 0, 10).getTasksList()).as("the next read starts above the ack level")
        .extracting(ReplicationTask::getTaskId).containsExactly(ids.get(2));
    assertThat(read(shard, "third", 0, 10).getTasksList()).as("another cluster's level is its own").hasSize(3);
    assertThat(env.store.replicationTasks(shard)).as("kept until every remote acked").hasSize(3);
    HistoryShardInfo info = HistoryShardInfo.parseFrom(env.shardStore.row(shard).data());
    assertThat(info.getReplicationAckLevelsMap()).containsEntry("standby", ids.get(1)).containsEntry("third", 0L);

    ack(shard, "third", ids.get(2));
    assertThat(env.store.replicationTasks(shard)).extracting(ReplicationTaskRecord::taskId)
        .as("deleted up to the lowest ack level").containsExactly(ids.get(2));
    ack(shard, "standby", ids.get(0));
    assertThat(read(shard, "standby", 0, 10).getTasksList()).as("an ack level never moves down")
        .extracting(ReplicationTask::getTaskId).containsExactly(ids.get(2));
  }

  @Test
  void aClusterTheNamespaceDoesNotListReadsNoneOfItsTasksButIsToldHowFarThePageReadSoItsAckLevelMovesOn() {
    global();
    int shard = env.shard(env.startWorkflow("rep-not-listed")).shardId();
    List<Long> ids = threeTasks("rep-not-listed");

    // "other" has a topic for other namespaces, but this namespace replicates to "standby" only
    GetReplicationTasksResponse other = read(shard, "other", 0, 2);
    assertThat(other.getTasksList()).isEmpty();
    assertThat(other.getFirstTaskId()).isEqualTo(ids.get(0));
    assertThat(other.getLastTaskId()).isEqualTo(ids.get(1));
    assertThat(other.getHasMore()).isTrue();
    GetReplicationTasksResponse standby = read(shard, "standby", 0, 10);
    assertThat(standby.getTasksList()).extracting(ReplicationTask::getTaskId).containsExactlyElementsOf(ids);
    assertThat(standby.getLastTaskId()).isEqualTo(ids.get(2));

    ack(shard, "standby", standby.getLastTaskId());
    ack(shard, "other", read(shard, "other", 0, 10).getLastTaskId());
    assertThat(env.store.replicationTasks(shard)).as("acked by both, though one got none of them").isEmpty();
    GetReplicationTasksResponse nothingLeft = read(shard, "other", 0, 10);
    assertThat(nothingLeft.getFirstTaskId()).isZero();
    assertThat(nothingLeft.getLastTaskId()).isZero();
  }

  @Test
  void readStopsBelowATaskIdStillBeingWritten() {
    global();
    WorkflowKey key = env.startWorkflow("rep-inflight");
    int shard = env.shard(key).shardId();
    long committed = env.store.replicationTasks(shard).get(0).taskId();
    env.store.beforeWrite(write -> {
      GetReplicationTasksResponse during = read(shard, "standby", 0, 10);
      assertThat(during.getLastReadTaskId()).as("below the ids of the write in flight")
          .isLessThan(write.replicationTasks().get(0).taskId());
      assertThat(during.getTasksList()).extracting(ReplicationTask::getTaskId).containsExactly(committed);
    });
    env.pollWorkflowTask(key);
    env.store.beforeWrite(write -> { });
    assertThat(read(shard, "standby", 0, 10).getTasksList()).hasSize(2);
  }

  @Test
  void failedWriteStoresNoReplicationTask() {
    global();
    WorkflowKey key = env.startWorkflow("rep-fail");
    int shard = env.shard(key).shardId();
    int before = env.store.replicationTasks(shard).size();
    env.store.beforeWrite(write -> {
      throw new IllegalStateException("disk on fire");
    });
    assertThatThrownBy(() -> env.pollWorkflowTask(key)).hasMessageContaining("disk on fire");
    env.store.beforeWrite(write -> { });
    assertThat(env.store.replicationTasks(shard)).hasSize(before);
    GetReplicationTasksResponse read = read(shard, "standby", 0, 10);
    assertThat(read.getTasksList()).hasSize(before);
  }

  private static Payloads parsePayloads(byte[] bytes) {
    try {
      return Payloads.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private static String payloadText(byte[] bytes) {
    return parsePayloads(bytes).getPayloads(0).getData().toStringUtf8();
  }

  private static io.temporal.api.failure.v1.Failure parse(byte[] bytes) {
    try {
      return io.temporal.api.failure.v1.Failure.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
