package dev.conduit.persistence.cassandra.execution;

import dev.conduit.persistence.PersistenceException;
import dev.conduit.persistence.execution.HistoryBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the committed batches out of {@code history_tree_node} rows read in clustering order ({@code node_id}
 * ascending, {@code txn_id} descending) and cuts them into a page.
 *
 * <p>Rows of failed attempts stay in the table: of several rows with the same {@code node_id} only the
 * first (greatest {@code txn_id}) counts, and a batch starting inside history already returned is skipped.
 * The batches kept must then be contiguous and reach the run's next event id; a hole or a short tail
 * means committed history is missing (or an orphan outranked the committed batch, breaking the txn id
 * contract of {@link HistoryBatch}), which is reported rather than papered over. The first batch of a
 * read without a token may start after {@code fromEventId}; the store then reads again from the batch that holds
 * {@code fromEventId}.
 */
final class HistoryBatchSelector {
  private final String run;
  private final long nextEventId;
  private final int pageSize;
  private final List<HistoryBatch> page = new ArrayList<>();
  private long expectedEventId;
  private boolean mustStartAtExpected;
  private long lastNodeId = Long.MIN_VALUE;
  private boolean more;

  HistoryBatchSelector(String run, long fromEventId, long nextEventId, boolean fromToken, int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("history page size must be positive, got " + pageSize);
    }
    this.run = run;
    this.nextEventId = nextEventId;
    this.pageSize = pageSize;
    this.expectedEventId = fromEventId;
    this.mustStartAtExpected = fromToken;
  }

  /** Considers the next row; returns false once the page is full and a further batch exists. */
  boolean offer(HistoryBatch row) {
    if (row.firstEventId() == lastNodeId) {
      return true; // an earlier attempt at the same node: the greater txn_id came first
    }
    lastNodeId = row.firstEventId();
    if (row.firstEventId() < expectedEventId) {
      return true; // an orphan starting inside a batch already returned
    }
    if (row.firstEventId() > expectedEventId && mustStartAtExpected) {
      throw new PersistenceException(
          "history of " + run + " has a gap: expected a batch starting at event " + expectedEventId
              + ", found " + row.firstEventId(),
          false);
    }
    if (page.size() == pageSize) {
      more = true;
      return false;
    }
    page.add(row);
    expectedEventId = row.lastEventId() + 1;
    mustStartAtExpected = true;
    return true;
  }

  List<HistoryBatch> batches() {
    return page;
  }

  /** The token of the next page, or null when this page holds the last committed batch. */
  byte[] nextPageToken() {
    if (more) {
      return new HistoryPageToken(expectedEventId).encode();
    }
    if (mustStartAtExpected && expectedEventId < nextEventId) {
      throw new PersistenceException(
          "history of " + run + " ends before event " + expectedEventId + " but the run's next event id is " + nextEventId
              + ": committed batches are missing, or a failed attempt's batch has a greater txn id than the committed one", false);
    }
    return null;
  }
}
