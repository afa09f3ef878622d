package dev.conduit.it.persistence;

import static dev.conduit.it.persistence.ExecutionStoreFixture.branchOf;
import static dev.conduit.it.persistence.ExecutionStoreFixture.bytes;
import static dev.conduit.it.persistence.ExecutionStoreFixture.events;
import static dev.conduit.it.persistence.ExecutionStoreFixture.newRun;
import static dev.conduit.it.persistence.ExecutionStoreFixture.snapshot;
import static dev.conduit.it.persistence.ExecutionStoreFixture.text;
import static dev.conduit.it.persistence.ExecutionStoreFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.persistence.execution.ConditionFailedException;
import dev.conduit.persistence.execution.CreateMode;
import dev.conduit.persistence.execution.CurrentExecution;
import dev.conduit.persistence.execution.CurrentExecutionConflictException;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.persistence.execution.ExecutionStore;
import dev.conduit.persistence.execution.ShardRecord;
import dev.conduit.persistence.execution.TimerTaskRecord;
import dev.conduit.persistence.execution.TransferTaskRecord;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.persistence.execution.WorkflowSnapshot;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs, the current-execution record and the db_version condition against the real Cassandra. */
class ExecutionStoreIT {
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

  @Test
  void createdRunReadsBackWithItsCurrentRecord() {
    ShardRecord shard = fixture.shards().acquire(fixture.newShard(), "host-a");
    WorkflowKey key = newRun("wf-create");
    byte[] largeState = new byte[256 * 1024]; // far above Cassandra's batch size warning: single-partition batches take it
    Arrays.fill(largeState, (byte) 42);
    WorkflowSnapshot run =
        new WorkflowSnapshot(key, ExecutionState.CREATED, ExecutionStoreFixture.RUNNING_STATUS, 4, 11, 1, "req-create", largeState);

    store.createWorkflowExecution(shard.shardId(), write(run, shard.rangeId(), 0, List.of(events(1, 3, 1))), CreateMode.BRAND_NEW, null);

    WorkflowSnapshot stored = store.getWorkflowExecution(shard.shardId(), key).orElseThrow();
    assertThat(stored).usingRecursiveComparison().ignoringFields("mutableState").isEqualTo(run);
    assertThat(stored.mutableState()).isEqualTo(largeState);
    assertThat(store.getCurrentExecution(shard.shardId(), key.namespaceId(), key.workflowId()))
        .contains(new CurrentExecution(key.runId(), "req-create", ExecutionState.CREATED, ExecutionStoreFixture.RUNNING_STATUS, 11));
    assertThat(store.readHistory(branchOf(key), 1, 4, 10, null).batches()).extracting(b -> text(b.events())).containsExactly("events 1..3 txn 1");
    assertThat(store.getWorkflowExecution(shard.shardId(), newRun("wf-create"))).isEmpty();
  }

  @Test
  void secondBrandNewCreateIsRefusedWithTheRunThatIsCurrent() {
    ShardRecord shard = fixture.shards().acquire(fixture.newShard(), "host-a");
    WorkflowKey first = newRun("wf-dup");
    WorkflowKey second = new WorkflowKey(first.namespaceId(), first.workflowId(), "second-run");
    create(shard, snapshot(first, ExecutionState.RUNNING, 4, 1, "first"), CreateMode.BRAND_NEW, null);

    assertThatThrownBy(() -> create(shard, snapshot(second, ExecutionState.CREATED, 4, 1, "second"), CreateMode.BRAND_NEW, null))
        .isInstanceOfSatisfying(CurrentExecutionConflictException.class, e -> {
          assertThat(e.current().runId()).isEqualTo(first.runId());
          assertThat(e.current().createRequestId()).isEqualTo("req-" + first.runId());
          assertThat(e.current().state()).isEqualTo(ExecutionState.RUNNING);
        });
    assertThat(store.getWorkflowExecution(shard.shardId(), second)).isEmpty();
    assertThat(store.getCurrentExecution(shard.shardId(), first.namespaceId(), first.workflowId()).orElseThrow().runId()).isEqualTo(first.runId());
  }

  @Test
  void reuseOfTheWorkflowIdWorksOnlyOnceThePreviousRunIsClosed() {
    ShardRecord shard = fixture.shards().acquire(fixture.newShard(), "host-a");
    WorkflowKey first = newRun("wf-reuse");
    WorkflowKey second = new WorkflowKey(first.namespaceId(), first.workflowId(), "reuse-second");
    create(shard, snapshot(first, ExecutionState.RUNNING, 4, 1, "first"), CreateMode.BRAND_NEW, null);

    assertThatThrownBy(() -> create(shard, snapshot(second, ExecutionState.CREATED, 4, 1, "s"), CreateMode.REUSE_CLOSED_RUN, first.runId()))
        .isInstanceOfSatisfying(CurrentExecutionConflictException.class, e -> assertThat(e.current().state()).isEqualTo(ExecutionState.RUNNING));

    store.updateWorkflowExecution(shard.shardId(), write(snapshot(first, ExecutionState.COMPLETED, 6, 2, "closed"), shard.rangeId(), 1, List.of(events(4, 5, 2))));
    CurrentExecution closed = store.getCurrentExecution(shard.shardId(), first.namespaceId(), first.workflowId()).orElseThrow();
    assertThat(closed.state()).isEqualTo(ExecutionState.COMPLETED);
    assertThat(closed.status()).isEqualTo(ExecutionStoreFixture.COMPLETED_STATUS);

    assertThatThrownBy(() -> create(shard, snapshot(second, ExecutionState.CREATED, 4, 1, "s"), CreateMode.REUSE_CLOSED_RUN, "some-other-run"))
        .isInstanceOfSatisfying(CurrentExecutionConflictException.class, e -> assertThat(e.current().runId()).isEqualTo(first.runId()));
    assertThatThrownBy(() -> create(shard, snapshot(second, ExecutionState.CREATED, 4, 1, "s"), CreateMode.BRAND_NEW, null))
        .isInstanceOf(CurrentExecutionConflictException.class);
    assertThat(store.getWorkflowExecution(shard.shardId(), second)).isEmpty();

    create(shard, snapshot(second, ExecutionState.CREATED, 4, 1, "s"), CreateMode.REUSE_CLOSED_RUN, first.runId());

    CurrentExecution current = store.getCurrentExecution(shard.shardId(), first.namespaceId(), first.workflowId()).orElseThrow();
    assertThat(current.runId()).isEqualTo(second.runId());
    assertThat(current.state()).isEqualTo(ExecutionState.CREATED);
    assertThat(store.getWorkflowExecution(shard.shardId(), first).orElseThrow().state()).isEqualTo(ExecutionState.COMPLETED);
  }

  @Test
  void updateWithAStaleDbVersionIsRefusedAndChangesNothing() {
    ShardRecord shard = fixture.shards().acquire(fixture.newShard(), "host-a");
    WorkflowKey key = newRun("wf-version");
    create(shard, snapshot(key, ExecutionState.CREATED, 4, 1, "v1"), CreateMode.BRAND_NEW, null);
    store.updateWorkflowExecution(shard.shardId(), write(snapshot(key, ExecutionState.RUNNING, 6, 2, "v2"), shard.rangeId(), 1, List.of(events(4, 5, 20))));

    // a second writer computed from version 1 too; its txn id is older, as the HistoryBatch contract demands
    Instant fireTime = Instant.now().plusSeconds(60);
    assertThatThrownBy(
            () -> store.updateWorkflowExecution(
                shard.shardId(),
                write(snapshot(key, ExecutionState.COMPLETED, 5, 2, "stale"), shard.rangeId(), 1, List.of(events(4, 4, 10)),
                    List.of(new TransferTaskRecord(100, key, 1, bytes("stale transfer"))),
                    List.of(new TimerTaskRecord(fireTime, 101, key, 1, bytes("stale timer"))))))
        .isInstanceOf(ConditionFailedException.class)
        .hasMessageContaining("stored db_version is 2");

    WorkflowSnapshot stored = store.getWorkflowExecution(shard.shardId(), key).orElseThrow();
    assertThat(stored.dbVersion()).isEqualTo(2);
    assertThat(text(stored.mutableState())).isEqualTo("v2");
    assertThat(stored.state()).isEqualTo(ExecutionState.RUNNING);
    assertThat(store.getCurrentExecution(shard.shardId(), key.namespaceId(), key.workflowId()).orElseThrow().state()).isEqualTo(ExecutionState.RUNNING);
    assertThat(store.getTransferTasks(shard.shardId(), 0, Long.MAX_VALUE, 100)).isEmpty();
    assertThat(store.getTimerTasks(shard.shardId(), Instant.EPOCH, Long.MIN_VALUE, fireTime.plusSeconds(1), 100)).isEmpty();
    assertThat(store.readHistory(branchOf(key), 1, stored.nextEventId(), 10, null).batches()).extracting(b -> text(b.events()))
        .containsExactly("events 1..3 txn 1", "events 4..5 txn 20");
  }

  @Test
  void updateOfARunThatIsNoLongerCurrentLeavesTheCurrentRecordAlone() {
    ShardRecord shard = fixture.shards().acquire(fixture.newShard(), "host-a");
    WorkflowKey first = newRun("wf-old");
    WorkflowKey second = new WorkflowKey(first.namespaceId(), first.workflowId(), "old-second");
    create(shard, snapshot(first, ExecutionState.RUNNING, 4, 1, "first"), CreateMode.BRAND_NEW, null);
    store.updateWorkflowExecution(shard.shardId(), write(snapshot(first, ExecutionState.COMPLETED, 5, 2, "closed"), shard.rangeId(), 1, List.of(events(4, 4, 2))));
    create(shard, snapshot(second, ExecutionState.RUNNING, 4, 1, "second"), CreateMode.REUSE_CLOSED_RUN, first.runId());

    store.updateWorkflowExecution(shard.shardId(), write(snapshot(first, ExecutionState.COMPLETED, 5, 3, "closed, touched again"), shard.rangeId(), 2, List.of()));

    assertThat(text(store.getWorkflowExecution(shard.shardId(), first).orElseThrow().mutableState())).isEqualTo("closed, touched again");
    CurrentExecution current = store.getCurrentExecution(shard.shardId(), first.namespaceId(), first.workflowId()).orElseThrow();
    assertThat(current.runId()).isEqualTo(second.runId());
    assertThat(current.state()).isEqualTo(ExecutionState.RUNNING);
  }

  @Test
  void tasksWrittenWithTheStateChangeAreReadInOrderAndDeletedByRangeBelowAnAckLevel() {
    ShardRecord shard = fixture.shards().acquire(fixture.newShard(), "host-a");
    WorkflowKey key = newRun("wf-tasks");
    Instant now = Instant.parse("2030-01-01T00:00:00Z");
    Instant later = now.plusSeconds(2).plusNanos(1_500); // not a whole millisecond: stored rounded up
    store.createWorkflowExecution(
        shard.shardId(),
        write(snapshot(key, ExecutionState.CREATED, 4, 1, "s"), shard.rangeId(), 0, List.of(events(1, 3, 1)),
            List.of(new TransferTaskRecord(11, key, 2, bytes("t11")), new TransferTaskRecord(10, key, 1, bytes("t10"))),
            List.of(new TimerTaskRecord(later, 12, key, 3, bytes("timer late")), new TimerTaskRecord(now.plusSeconds(1), 13, key, 4, bytes("timer early")),
                new TimerTaskRecord(now.plusSeconds(1), 14, key, 4, bytes("timer early too")))),
        CreateMode.BRAND_NEW, null);

    List<TransferTaskRecord> transfer = store.getTransferTasks(shard.shardId(), 0, 100, 10);
    assertThat(transfer).extracting(TransferTaskRecord::taskId).containsExactly(10L, 11L);
    assertThat(transfer.get(0).workflow()).isEqualTo(key);
    assertThat(transfer.get(0).type()).isEqualTo(1);
    assertThat(text(transfer.get(0).data())).isEqualTo("t10");
    assertThat(store.getTransferTasks(shard.shardId(), 10, 11, 10)).extracting(TransferTaskRecord::taskId).containsExactly(11L);
    assertThat(store.getTransferTasks(shard.shardId(), 0, 100, 1)).extracting(TransferTaskRecord::taskId).containsExactly(10L);

    List<TimerTaskRecord> timers = store.getTimerTasks(shard.shardId(), now, Long.MIN_VALUE, now.plusSeconds(10), 10);
    assertThat(timers).extracting(TimerTaskRecord::taskId).containsExactly(13L, 14L, 12L);
    assertThat(timers.get(2).fireTime()).isEqualTo(Instant.parse("2030-01-01T00:00:02.001Z")).isAfterOrEqualTo(later);
    assertThat(text(timers.get(0).data())).isEqualTo("timer early");
    assertThat(store.getTimerTasks(shard.shardId(), now, Long.MIN_VALUE, now.plusSeconds(2), 10)).extracting(TimerTaskRecord::taskId).containsExactly(13L, 14L);
    assertThat(store.getTimerTasks(shard.shardId(), later, Long.MIN_VALUE, now.plusSeconds(10), 10)).extracting(TimerTaskRecord::taskId).containsExactly(12L);
    // a read goes on after the key of the last timer it had: past one of two timers due at the same instant
    assertThat(store.getTimerTasks(shard.shardId(), now, Long.MIN_VALUE, now.plusSeconds(10), 1)).extracting(TimerTaskRecord::taskId).containsExactly(13L);
    assertThat(store.getTimerTasks(shard.shardId(), now.plusSeconds(1), 13, now.plusSeconds(10), 1)).extracting(TimerTaskRecord::taskId).containsExactly(14L);
    assertThat(store.getTimerTasks(shard.shardId(), now.plusSeconds(1), 14, now.plusSeconds(10), 10)).extracting(TimerTaskRecord::taskId).containsExactly(12L);

    store.rangeCompleteTransferTasks(shard.shardId(), 10);
    assertThat(store.getTransferTasks(shard.shardId(), 0, 100, 10)).extracting(TransferTaskRecord::taskId).containsExactly(11L);

    // timer 12 is due at `later` and stored at the millisecond after it: a bound of `later` itself keeps it
    store.rangeCompleteTimerTasks(shard.shardId(), later);
    assertThat(store.getTimerTasks(shard.shardId(), now, Long.MIN_VALUE, now.plusSeconds(10), 10)).extracting(TimerTaskRecord::taskId).containsExactly(12L);
    store.rangeCompleteTimerTasks(shard.shardId(), timers.get(2).fireTime().plusMillis(1)); // past its stored time
    assertThat(store.getTimerTasks(shard.shardId(), now, Long.MIN_VALUE, now.plusSeconds(10), 10)).isEmpty();
    store.rangeCompleteTransferTasks(shard.shardId(), 11);
    assertThat(store.getTransferTasks(shard.shardId(), 0, 100, 10)).isEmpty();
  }

  private static void create(ShardRecord shard, WorkflowSnapshot run, CreateMode mode, String previousRunId) {
    store.createWorkflowExecution(shard.shardId(), write(run, shard.rangeId(), 0, List.of(events(1, 3, 1))), mode, previousRunId);
  }
}
