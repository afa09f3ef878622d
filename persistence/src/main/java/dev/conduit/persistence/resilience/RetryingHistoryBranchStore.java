package dev.conduit.persistence.resilience;

import dev.conduit.persistence.execution.HistoryBatch;
import dev.conduit.persistence.execution.HistoryPage;
import dev.conduit.persistence.history.HistoryBranchStore;
import java.util.List;

/**
 * A {@link HistoryBranchStore} whose calls are repeated by the {@link PersistenceRetry} policy on transient
 * failures; every operation is idempotent (appends rewrite the same rows, deletes delete again) except a
 * fork, whose repeat leaves an unused branch row that deleting the tree removes.
 */
public final class RetryingHistoryBranchStore implements HistoryBranchStore {
  private final HistoryBranchStore delegate;
  private final PersistenceRetry retry;

  public RetryingHistoryBranchStore(HistoryBranchStore delegate, PersistenceRetry retry) {
    this.delegate = delegate;
    this.retry = retry;
  }

  @Override
  public void append(byte[] branchToken, List<HistoryBatch> batches) {
    retry.run(() -> delegate.append(branchToken, batches));
  }

  @Override
  public HistoryPage read(byte[] branchToken, long fromEventId, long nextEventId, int pageSize, byte[] pageToken) {
    return retry.call(() -> delegate.read(branchToken, fromEventId, nextEventId, pageSize, pageToken));
  }

  @Override
  public byte[] fork(byte[] baseToken, long forkNodeId) {
    return retry.call(() -> delegate.fork(baseToken, forkNodeId));
  }

  @Override
  public void delete(byte[] branchToken) {
    retry.run(() -> delegate.delete(branchToken));
  }
}
