package dev.conduit.it.persistence;

import static dev.conduit.it.persistence.ExecutionStoreFixture.bytes;
import static dev.conduit.it.persistence.ExecutionStoreFixture.events;
import static dev.conduit.it.persistence.ExecutionStoreFixture.newRun;
import static dev.conduit.it.persistence.ExecutionStoreFixture.snapshot;
import static dev.conduit.it.persistence.ExecutionStoreFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.persistence.execution.ConditionFailedException;
import dev.conduit.persistence.execution.CreateMode;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.persistence.execution.ExecutionStore;
import dev.conduit.persistence.execution.ReplicationTaskRecord;
import dev.conduit.persistence.execution.ShardOwnershipLostException;
import dev.conduit.persistence.execution.ShardRecord;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.persistence.execution.WorkflowSnapshot;
import dev.conduit.persistence.execution.WorkflowWrite;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Replication task rows (the outbox for remote clusters) on the real Cassandra: atomic, ordered, range-deleted. */
class ReplicationTasksIT {
  /** The row type of replication tasks in the executions table. */
  private static final int REPLICATION_ROW_TYPE = 5;

  private static ExecutionStoreFixture fixture;
  private static ExecutionStore store;

  @BeforeAll
  static void start() {
    fixture = ExecutionStoreFixture.start();
    store = fixture.executions();
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private static WorkflowWrite write(WorkflowSnapshot run, long rangeId, long expectedDbVersion, long firstEvent,
      List<ReplicationTaskRecord> replication) {
    return new WorkflowWrite(run, rangeId, expectedDbVersion, ExecutionStoreFixture.branchOf(run.key()), List.of(events(firstEvent, run.nextEventId() - 1, expectedDbVersion + 1)),
        List.of(), List.of(), replication);
  }

  private static ReplicationTaskRecord task(long id, WorkflowKey key, int type) {
    return new ReplicationTaskRecord(id, key, type, bytes("r" + id));
  }

  @Test
  void tasksOfSeveralWritesReadBackInIdOrderWithinTheRange() {
    ShardRecord shard = fixture.shards().acquire(fixture.newShard(), "host-a");
    WorkflowKey key = newRun("wf-repl-order");
    store.createWorkflowExecution(shard.shardId(), write(snapshot(key, ExecutionState.RUNNING, 3, 1, "s1"), shard.rangeId(), 0, 1,
        List.of(task(12, key, 1), task(11, key, 2))), CreateMode.BRAND_NEW, null);
    store.updateWorkflowExecution(shard.shardId(), write(snapshot(key, ExecutionState.RUNNING, 5, 2, "s2"), shard.rangeId(), 1, 3,
        List.of(task(20, key, 1))));

    List<ReplicationTaskRecord> all = store.getReplicationTasks(shard.shardId(), 0, 100, 10);
    assertThat(all).extracting(ReplicationTaskRecord::taskId).containsExactly(11L, 12L, 20L);
    assertThat(all.get(0).workflow()).isEqualTo(key);
    assertThat(all.get(0).type()).isEqualTo(2);
    assertThat(text(all.get(0).data())).isEqualTo("r11");
    assertThat(store.getReplicationTasks(shard.shardId(), 11, 19, 10)).extracting(ReplicationTaskRecord::taskId).containsExactly(12L);
    assertThat(store.getReplicationTasks(shard.shardId(), 0, 100, 2)).extracting(ReplicationTaskRecord::taskId).containsExactly(11L, 12L);
    assertThat(store.getTransferTasks(shard.shardId(), 0, 100, 10)).as("not transfer tasks").isEmpty();
  }

  @Test
  void refusedWritesStoreNoReplicationTask() {
    ShardRecord first = fixture.shards().acquire(fixture.newShard(), "host-a");
    WorkflowKey key = newRun("wf-repl-fenced");
    store.createWorkflowExecution(first.shardId(), write(snapshot(key, ExecutionState.RUNNING, 3, 1, "s1"), first.rangeId(), 0, 1,
        List.of(task(first.rangeId() << 20 | 1, key, 1))), CreateMode.BRAND_NEW, null);
    ShardRecord second = fixture.shards().acquire(first.shardId(), "host-b");

    assertThatThrownBy(() -> store.updateWorkflowExecution(first.shardId(), write(snapshot(key, ExecutionState.RUNNING, 5, 2, "stale"),
        first.rangeId(), 1, 3, List.of(task(first.rangeId() << 20 | 2, key, 1)))))
        .isInstanceOf(ShardOwnershipLostException.class);
    assertThatThrownBy(() -> store.updateWorkflowExecution(first.shardId(), write(snapshot(key, ExecutionState.RUNNING, 5, 3, "conflict"),
        second.rangeId(), 2, 3, List.of(task(second.rangeId() << 20 | 1, key, 1)))))
        .isInstanceOf(ConditionFailedException.class);

    assertThat(store.getReplicationTasks(first.shardId(), 0, Long.MAX_VALUE, 10)).extracting(ReplicationTaskRecord::taskId)
        .containsExactly(first.rangeId() << 20 | 1);
    assertThat(fixture.rowsOfType(first.shardId(), REPLICATION_ROW_TYPE)).isEqualTo(1);
  }

  @Test
  void rangeCompleteDeletesUpToTheAckLevelAndKeepsTheRest() {
    ShardRecord shard = fixture.shards().acquire(fixture.newShard(), "host-a");
    WorkflowKey key = newRun("wf-repl-delete");
    store.createWorkflowExecution(shard.shardId(), write(snapshot(key, ExecutionState.RUNNING, 3, 1, "s1"), shard.rangeId(), 0, 1,
        List.of(task(1, key, 1), task(2, key, 2), task(3, key, 2), task(4, key, 1))), CreateMode.BRAND_NEW, null);

    store.rangeCompleteReplicationTasks(shard.shardId(), 2);

    assertThat(store.getReplicationTasks(shard.shardId(), 0, 100, 10)).extracting(ReplicationTaskRecord::taskId).containsExactly(3L, 4L);
    assertThat(fixture.rowsOfType(shard.shardId(), REPLICATION_ROW_TYPE)).isEqualTo(2);
    assertThat(store.getWorkflowExecution(shard.shardId(), key)).as("the run's own row stays").isPresent();
    store.rangeCompleteReplicationTasks(shard.shardId(), 4);
    assertThat(store.getReplicationTasks(shard.shardId(), 0, 100, 10)).isEmpty();
  }
}
