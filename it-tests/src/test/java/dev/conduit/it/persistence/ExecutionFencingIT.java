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

import dev.conduit.persistence.execution.CreateMode;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.persistence.execution.ExecutionStore;
import dev.conduit.persistence.execution.ShardOwnershipLostException;
import dev.conduit.persistence.execution.ShardRecord;
import dev.conduit.persistence.execution.ShardStore;
import dev.conduit.persistence.execution.TimerTaskRecord;
import dev.conduit.persistence.execution.TransferTaskRecord;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.persistence.execution.WorkflowSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Shard ownership and the range fence of every write (invariant 1) against the real Cassandra. */
class ExecutionFencingIT {
  private static ExecutionStoreFixture fixture;
  private static ShardStore shards;
  private static ExecutionStore store;

  @BeforeAll
  static void start() {
    fixture = ExecutionStoreFixture.start();
    shards = fixture.shards();
    store = fixture.executions();
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void acquireCreatesTheShardAndEveryAcquireOrRenewalMovesTheRangeUp() {
    int shardId = fixture.newShard();

    ShardRecord first = shards.acquire(shardId, "host-a");
    assertThat(first.rangeId()).isEqualTo(1);
    assertThat(first.owner()).isEqualTo("host-a");
    assertThat(first.data()).isEmpty();

    shards.updateShardInfo(shardId, first.rangeId(), bytes("ack levels"));
    ShardRecord renewed = shards.renewRange(shardId, first.rangeId(), "host-a");
    assertThat(renewed.rangeId()).isEqualTo(2);
    assertThat(text(renewed.data())).isEqualTo("ack levels");

    ShardRecord taken = shards.acquire(shardId, "host-b");
    assertThat(taken.rangeId()).isEqualTo(3);
    assertThat(taken.owner()).isEqualTo("host-b");
    assertThat(text(taken.data())).isEqualTo("ack levels");
  }

  @Test
  void hostThatLostTheShardCanNoLongerWriteAnything() {
    int shardId = fixture.newShard();
    ShardRecord hostA = shards.acquire(shardId, "host-a");
    WorkflowKey run = newRun("wf-fenced");
    store.createWorkflowExecution(
        shardId, write(snapshot(run, ExecutionState.RUNNING, 4, 1, "A's state"), hostA.rangeId(), 0, List.of(events(1, 3, 1))), CreateMode.BRAND_NEW, null);
    shards.updateShardInfo(shardId, hostA.rangeId(), bytes("A's ack levels"));

    ShardRecord hostB = shards.acquire(shardId, "host-b");
    assertThat(hostB.rangeId()).isGreaterThan(hostA.rangeId());

    Instant fireTime = Instant.now().plusSeconds(30);
    WorkflowSnapshot aUpdate = snapshot(run, ExecutionState.COMPLETED, 6, 2, "A's late update");
    assertLost(hostA, hostB, () -> store.updateWorkflowExecution(
        shardId,
        write(aUpdate, hostA.rangeId(), 1, List.of(events(4, 5, 2)),
            List.of(new TransferTaskRecord(50, run, 1, bytes("A's transfer"))), List.of(new TimerTaskRecord(fireTime, 51, run, 1, bytes("A's timer"))))));
    WorkflowKey otherRun = newRun("wf-fenced-create");
    assertLost(hostA, hostB, () -> store.createWorkflowExecution(
        shardId,
        write(snapshot(otherRun, ExecutionState.CREATED, 4, 1, "A's new run"), hostA.rangeId(), 0, List.of(events(1, 3, 1)),
            List.of(new TransferTaskRecord(52, otherRun, 1, bytes("A's transfer"))), List.of()),
        CreateMode.BRAND_NEW, null));
    assertLost(hostA, hostB, () -> shards.updateShardInfo(shardId, hostA.rangeId(), bytes("A's late ack levels")));
    assertLost(hostA, hostB, () -> shards.renewRange(shardId, hostA.rangeId(), "host-a"));

    // nothing of A's refused writes is visible
    WorkflowSnapshot stored = store.getWorkflowExecution(shardId, run).orElseThrow();
    assertThat(text(stored.mutableState())).isEqualTo("A's state");
    assertThat(stored.dbVersion()).isEqualTo(1);
    assertThat(store.getCurrentExecution(shardId, run.namespaceId(), run.workflowId()).orElseThrow().state()).isEqualTo(ExecutionState.RUNNING);
    assertThat(store.getWorkflowExecution(shardId, otherRun)).isEmpty();
    assertThat(store.getCurrentExecution(shardId, otherRun.namespaceId(), otherRun.workflowId())).isEmpty();
    assertThat(store.getTransferTasks(shardId, 0, Long.MAX_VALUE, 100)).isEmpty();
    assertThat(store.getTimerTasks(shardId, Instant.EPOCH, Long.MIN_VALUE, fireTime.plusSeconds(1), 100)).isEmpty();
    assertThat(fixture.rowsOfType(shardId, 3) + fixture.rowsOfType(shardId, 4)).isZero();
    assertThat(store.readHistory(branchOf(run), 1, stored.nextEventId(), 10, null).batches()).hasSize(1);
    assertThat(text(shards.acquire(shardId, "host-c").data())).isEqualTo("A's ack levels");
  }

  @Test
  void newOwnerWritesWithItsRange() {
    int shardId = fixture.newShard();
    ShardRecord hostA = shards.acquire(shardId, "host-a");
    WorkflowKey run = newRun("wf-handover");
    store.createWorkflowExecution(
        shardId, write(snapshot(run, ExecutionState.RUNNING, 4, 1, "A's state"), hostA.rangeId(), 0, List.of(events(1, 3, 1))), CreateMode.BRAND_NEW, null);
    ShardRecord hostB = shards.acquire(shardId, "host-b");

    store.updateWorkflowExecution(
        shardId, write(snapshot(run, ExecutionState.RUNNING, 5, 2, "B's state"), hostB.rangeId(), 1, List.of(events(4, 4, 2)),
            List.of(new TransferTaskRecord(7, run, 1, bytes("B's transfer"))), List.of()));

    assertThat(text(store.getWorkflowExecution(shardId, run).orElseThrow().mutableState())).isEqualTo("B's state");
    assertThat(store.getTransferTasks(shardId, 0, 100, 10)).extracting(TransferTaskRecord::taskId).containsExactly(7L);
  }

  @Test
  void writeToAShardThatWasNeverAcquiredIsRefused() {
    int shardId = fixture.newShard();
    WorkflowKey run = newRun("wf-nowhere");
    assertThatThrownBy(() -> store.createWorkflowExecution(
            shardId, write(snapshot(run, ExecutionState.CREATED, 4, 1, "s"), 1, 0, List.of(events(1, 3, 1))), CreateMode.BRAND_NEW, null))
        .isInstanceOfSatisfying(ShardOwnershipLostException.class, e -> assertThat(e.actualRangeId()).isEqualTo(-1));
    assertThat(store.getWorkflowExecution(shardId, run)).isEmpty();
  }

  @Test
  void concurrentAcquiresEachGetTheirOwnRange() throws Exception {
    int shardId = fixture.newShard();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<ShardRecord>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String owner = "host-" + i;
        Callable<ShardRecord> acquire = () -> shards.acquire(shardId, owner);
        results.add(pool.submit(acquire));
      }
      List<Long> ranges = new ArrayList<>();
      for (Future<ShardRecord> result : results) {
        ranges.add(result.get().rangeId());
      }
      assertThat(ranges).doesNotHaveDuplicates().allMatch(r -> r >= 1 && r <= 4);
      // the last range taken is the one in force; all the others are fenced
      long winner = ranges.stream().mapToLong(Long::longValue).max().orElseThrow();
      shards.updateShardInfo(shardId, winner, bytes("winner"));
      for (long range : ranges) {
        if (range != winner) {
          assertThatThrownBy(() -> shards.updateShardInfo(shardId, range, bytes("loser"))).isInstanceOf(ShardOwnershipLostException.class);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertLost(ShardRecord stale, ShardRecord current, ThrowingCallable write) {
    assertThatThrownBy(write).isInstanceOfSatisfying(ShardOwnershipLostException.class, e -> {
      assertThat(e.shardId()).isEqualTo(stale.shardId());
      assertThat(e.expectedRangeId()).isEqualTo(stale.rangeId());
      assertThat(e.actualRangeId()).isEqualTo(current.rangeId());
      assertThat(e.isRetryable()).isFalse();
    });
  }
}
