package dev.conduit.persistence.execution;

/**
 * One batch of history events appended by one state change: events {@code firstEventId..lastEventId},
 * encoded together as a {@code temporal.api.history.v1.History} message.
 *
 * <p>{@code txnId} orders attempts: a batch is written before the conditional update that commits it,
 * so an attempt whose update failed can leave an orphan batch at the same {@code firstEventId}. Readers
 * only read up to the committed next event id, and where two batches start at the same event id the one
 * with the greater {@code txnId} is the committed one (a later attempt always has a greater id).
 */
public record HistoryBatch(long firstEventId, long lastEventId, long txnId, byte[] events) {
  public HistoryBatch {
    if (firstEventId < 1 || lastEventId < firstEventId) {
      throw new IllegalArgumentException("bad event range " + firstEventId + ".." + lastEventId);
    }
  }
}
