package dev.conduit.it.persistence;

import static dev.conduit.it.persistence.ExecutionStoreFixture.branchOf;
import static dev.conduit.it.persistence.ExecutionStoreFixture.events;
import static dev.conduit.it.persistence.ExecutionStoreFixture.newRun;
import static dev.conduit.it.persistence.ExecutionStoreFixture.snapshot;
import static dev.conduit.it.persistence.ExecutionStoreFixture.text;
import static dev.conduit.it.persistence.ExecutionStoreFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.persistence.execution.ConditionFailedException;
import dev.conduit.persistence.execution.CreateMode;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.persistence.execution.ExecutionStore;
import dev.conduit.persistence.execution.HistoryBatch;
import dev.conduit.persistence.execution.HistoryPage;
import dev.conduit.persistence.execution.ShardRecord;
import dev.conduit.persistence.execution.WorkflowKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** History appended with state changes, read back in pages, with orphans of refused attempts left out. */
class ExecutionHistoryIT {
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
  void historyReadsBackContiguousAcrossBatchesAndPages() {
    ShardRecord shard = fixture.shards().acquire(fixture.newShard(), "host-a");
    WorkflowKey key = newRun("wf-pages");
    store.createWorkflowExecution(
        shard.shardId(), write(snapshot(key, ExecutionState.CREATED, 4, 1, "s1"), shard.rangeId(), 0, List.of(events(1, 3, 1))), CreateMode.BRAND_NEW, null);
    update(shard, key, 6, 1, events(4, 5, 2));
    update(shard, key, 7, 2, events(6, 6, 3));
    // one state change may append two batches
    update(shard, key, 12, 3, events(7, 9, 4), events(10, 11, 4));

    List<HistoryBatch> all = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    byte[] token = null;
    do {
      HistoryPage page = store.readHistory(branchOf(key), 1, 12, 2, token);
      pageSizes.add(page.batches().size());
      all.addAll(page.batches());
      token = page.nextPageToken();
    } while (token != null);

    assertThat(pageSizes).containsExactly(2, 2, 1);
    assertThat(all).extracting(HistoryBatch::firstEventId).containsExactly(1L, 4L, 6L, 7L, 10L);
    for (int i = 1; i < all.size(); i++) {
      assertThat(all.get(i).firstEventId()).isEqualTo(all.get(i - 1).lastEventId() + 1);
    }
    assertThat(text(all.get(3).events())).isEqualTo("events 7..9 txn 4");
    // reading up to an earlier next event id stops there
    assertThat(store.readHistory(branchOf(key), 1, 6, 10, null).batches()).extracting(HistoryBatch::lastEventId).containsExactly(3L, 5L);
    assertThat(store.readHistory(branchOf(key), 4, 12, 10, null).batches()).extracting(HistoryBatch::firstEventId).containsExactly(4L, 6L, 7L, 10L);
  }

  @Test
  void orphanOfARefusedAttemptIsNotReturnedAndTheLaterAttemptWins() {
    ShardRecord shard = fixture.shards().acquire(fixture.newShard(), "host-a");
    WorkflowKey key = newRun("wf-orphan");
    store.createWorkflowExecution(
        shard.shardId(), write(snapshot(key, ExecutionState.CREATED, 4, 1, "s1"), shard.rangeId(), 0, List.of(events(1, 3, 1))), CreateMode.BRAND_NEW, null);

    // an attempt from a stale db version appends events 4..7, then its batch is refused
    assertThatThrownBy(() -> update(shard, key, 8, 0, events(4, 7, 5))).isInstanceOf(ConditionFailedException.class);
    assertThat(store.readHistory(branchOf(key), 1, 4, 10, null).batches()).extracting(HistoryBatch::lastEventId).containsExactly(3L);

    // the next attempt writes the same node with a greater txn id and commits
    update(shard, key, 6, 1, events(4, 5, 6));
    update(shard, key, 7, 2, events(6, 6, 7));

    List<HistoryBatch> batches = store.readHistory(branchOf(key), 1, 7, 10, null).batches();
    assertThat(batches).extracting(b -> text(b.events())).containsExactly("events 1..3 txn 1", "events 4..5 txn 6", "events 6..6 txn 7");
    // paging through the orphan gives the same history
    HistoryPage first = store.readHistory(branchOf(key), 1, 7, 1, null);
    HistoryPage second = store.readHistory(branchOf(key), 1, 7, 1, first.nextPageToken());
    HistoryPage third = store.readHistory(branchOf(key), 1, 7, 1, second.nextPageToken());
    assertThat(List.of(first, second, third)).flatExtracting(HistoryPage::batches).extracting(HistoryBatch::txnId).containsExactly(1L, 6L, 7L);
    assertThat(third.nextPageToken()).isNull();
  }

  @Test
  void foreignPageTokenIsRejected() {
    WorkflowKey key = newRun("wf-token");
    assertThatThrownBy(() -> store.readHistory(branchOf(key), 1, 10, 5, new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
  }

  private static void update(ShardRecord shard, WorkflowKey key, long nextEventId, long fromDbVersion, HistoryBatch... batches) {
    store.updateWorkflowExecution(
        shard.shardId(),
        write(snapshot(key, ExecutionState.RUNNING, nextEventId, fromDbVersion + 1, "state " + nextEventId), shard.rangeId(), fromDbVersion, List.of(batches)));
  }
}
