package dev.conduit.persistence.cassandra.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.persistence.PersistenceException;
import dev.conduit.persistence.execution.HistoryBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryBatchSelectorTest {

  @Test
  void greatestTxnIdWinsAmongBatchesAtTheSameNode() {
    // clustering order: node ascending, txn descending
    HistoryBatchSelector selector = selector(1, 7, false, 10);
    offerAll(selector, batch(1, 3, 5), batch(4, 5, 9), batch(4, 7, 8), batch(6, 6, 10));

    assertThat(selector.batches()).extracting(HistoryBatch::txnId).containsExactly(5L, 9L, 10L);
    assertThat(selector.nextPageToken()).isNull();
  }

  @Test
  void orphanStartingInsideAReturnedBatchIsSkipped() {
    HistoryBatchSelector selector = selector(1, 6, false, 10);
    offerAll(selector, batch(1, 4, 5), batch(3, 3, 2), batch(5, 5, 6));

    assertThat(selector.batches()).extracting(HistoryBatch::firstEventId).containsExactly(1L, 5L);
  }

  @Test
  void fullPageStopsAtTheNextBatchAndTokenContinuesAfterTheLastReturned() {
    HistoryBatchSelector selector = selector(1, 6, false, 2);
    assertThat(selector.offer(batch(1, 2, 1))).isTrue();
    assertThat(selector.offer(batch(3, 4, 2))).isTrue();
    assertThat(selector.offer(batch(5, 5, 3))).isFalse();

    assertThat(selector.batches()).hasSize(2);
    assertThat(HistoryPageToken.decode(selector.nextPageToken()).nextEventId()).isEqualTo(5L);
  }

  @Test
  void fullPageWithOnlyOlderAttemptsAfterItHasNoNextPage() {
    HistoryBatchSelector selector = selector(1, 3, false, 1);
    offerAll(selector, batch(1, 2, 4), batch(1, 3, 3));

    assertThat(selector.batches()).hasSize(1);
    assertThat(selector.nextPageToken()).isNull();
  }

  @Test
  void holeBetweenCommittedBatchesIsReportedNotSkipped() {
    HistoryBatchSelector selector = selector(1, 10, false, 10);
    selector.offer(batch(1, 2, 1));
    assertThatThrownBy(() -> selector.offer(batch(4, 4, 2)))
        .isInstanceOf(PersistenceException.class)
        .hasMessageContaining("gap")
        .hasMessageContaining("expected a batch starting at event 3");
  }

  @Test
  void readFromATokenMustStartExactlyAtIt() {
    HistoryBatchSelector selector = selector(5, 10, true, 10);
    assertThatThrownBy(() -> selector.offer(batch(6, 6, 1))).isInstanceOf(PersistenceException.class);
  }

  @Test
  void readWithoutTokenMayStartAtTheFirstBatchAfterFromEventId() {
    HistoryBatchSelector selector = selector(2, 6, false, 10);
    offerAll(selector, batch(3, 4, 1), batch(5, 5, 2));

    assertThat(selector.batches()).extracting(HistoryBatch::firstEventId).containsExactly(3L, 5L);
  }

  @Test
  void historyEndingBeforeTheNextEventIdIsReported() {
    // an orphan [4..4] that outranks the committed [4..5] leaves the chain short of next event id 6
    HistoryBatchSelector selector = selector(1, 6, false, 10);
    offerAll(selector, batch(1, 3, 1), batch(4, 4, 3), batch(4, 5, 2));

    assertThatThrownBy(selector::nextPageToken).isInstanceOf(PersistenceException.class).hasMessageContaining("ends before event 5");
  }

  @Test
  void readOfARunWithoutAnyHistoryIsEmptyNotCorrupt() {
    HistoryBatchSelector selector = selector(1, 5, false, 10);
    assertThat(selector.batches()).isEmpty();
    assertThat(selector.nextPageToken()).isNull();
  }

  @Test
  void nonPositivePageSizeIsRejected() {
    assertThatThrownBy(() -> selector(1, 5, false, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static HistoryBatchSelector selector(long from, long next, boolean fromToken, int pageSize) {
    return new HistoryBatchSelector("ns/wf/run", from, next, fromToken, pageSize);
  }

  private static void offerAll(HistoryBatchSelector selector, HistoryBatch... batches) {
    for (HistoryBatch batch : List.of(batches)) {
      if (!selector.offer(batch)) {
        return;
      }
    }
  }

  private static HistoryBatch batch(long first, long last, long txn) {
    return new HistoryBatch(first, last, txn, new byte[] {(byte) first});
  }
}
