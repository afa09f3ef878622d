package dev.conduit.history.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.history.HistoryConfig;
import dev.conduit.history.api.recordworkflowtaskstarted.RecordWorkflowTaskStarted;
import dev.conduit.history.errors.ShardNotOwnedException;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.HistoryShardInfo;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Invariant 1: a host whose shard was taken by another stops serving it at once. */
class ShardFencingTest {
  private final HistoryTestEnv env = new HistoryTestEnv(HistoryConfig.defaults()
      .withQueueTiming(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ZERO), 1);
  private final ShardController hostB = new ShardController(1, "host-b", env.shardStore, env.store, env.namespaces,
      env.matching, env.config, env.clock, null);

  @AfterEach
  void close() {
    hostB.close();
    env.close();
  }

  private static final TaskQueue NORMAL = TaskQueue.newBuilder().setName(HistoryTestEnv.TASK_QUEUE)
      .setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL).build();

  @Test
  void secondOwnersWriteWinsAndTheFirstOwnerStopsServing() {
    WorkflowKey key = env.startWorkflow("f-1");
    List<Integer> lost = new ArrayList<>();
    env.shards.onShardLost(lost::add);
    ShardContext shardOfA = env.shard(key);

    hostB.setOwnedShards(Set.of(0));
    int writes = env.store.writeCount();
    assertThatThrownBy(() -> env.recordWorkflowTaskStarted.invoke(env.workflowTaskStarted(key, 2, "req-a", NORMAL)))
        .isInstanceOf(ShardNotOwnedException.class);
    assertThat(env.store.writeCount()).as("host A's write was refused").isEqualTo(writes);
    assertThat(shardOfA.isOwned()).isFalse();
    assertThat(lost).containsExactly(0);
    assertThat(env.shards.ownedShards()).isEmpty();
    assertThatThrownBy(() -> env.state(key)).as("reads answer not-owned too").isInstanceOf(ShardNotOwnedException.class);
    assertThatThrownBy(() -> env.start.invoke(HistoryTestEnv.NAMESPACE_ID, env.startRequest("f-2").build()))
        .isInstanceOf(ShardNotOwnedException.class);
    assertThat(shardOfA.transferQueue().isStopped()).isTrue();
    assertThat(shardOfA.timerQueue().isStopped()).isTrue();

    PollWorkflowTaskQueueResponse task = new RecordWorkflowTaskStarted(hostB)
        .invoke(env.workflowTaskStarted(key, 2, "req-b", NORMAL));
    assertThat(task.getStartedEventId()).as("host B serves the run").isEqualTo(3);
  }

  @Test
  void queueAckLevelIsPersistedInTheShardRowAndPickedUpByTheNextOwner() throws InvalidProtocolBufferException {
    String runId = env.start.invoke(HistoryTestEnv.NAMESPACE_ID, env.startRequest("f-3").build()).getRunId();
    long taskId = env.store.transferTasks(0).get(0).taskId();
    env.processTransfers();
    HistoryShardInfo info = HistoryShardInfo.parseFrom(env.shardStore.row(0).data());
    assertThat(info.getTransferAckLevel()).isGreaterThanOrEqualTo(taskId);

    hostB.setOwnedShards(Set.of(0));
    assertThat(hostB.shard(0).transferQueue().ackLevel()).isEqualTo(info.getTransferAckLevel());
    hostB.shard(0).transferQueue().processOnce();
    assertThat(env.matching.workflowTasks()).as("completed task not delivered again").hasSize(1);
    assertThat(runId).isNotEmpty();
  }

  @Test
  void releasedShardAnswersNotOwned() {
    env.shards.setOwnedShards(Set.of());
    assertThatThrownBy(() -> env.start.invoke(HistoryTestEnv.NAMESPACE_ID, env.startRequest("f-4").build()))
        .isInstanceOf(ShardNotOwnedException.class).matches(e -> ((ShardNotOwnedException) e).isRetryable());
  }
}
