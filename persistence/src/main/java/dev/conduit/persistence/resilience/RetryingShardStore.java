package dev.conduit.persistence.resilience;

import dev.conduit.persistence.execution.ShardRecord;
import dev.conduit.persistence.execution.ShardStore;

/** A {@link ShardStore} whose calls are repeated by the {@link PersistenceRetry} policy on transient failures. */
public final class RetryingShardStore implements ShardStore {
  private final ShardStore delegate;
  private final PersistenceRetry retry;

  public RetryingShardStore(ShardStore delegate, PersistenceRetry retry) {
    this.delegate = delegate;
    this.retry = retry;
  }

  @Override
  public ShardRecord acquire(int shardId, String owner) {
    return retry.call(() -> delegate.acquire(shardId, owner));
  }

  @Override
  public ShardRecord renewRange(int shardId, long rangeId, String owner) {
    return retry.call(() -> delegate.renewRange(shardId, rangeId, owner));
  }

  @Override
  public void updateShardInfo(int shardId, long rangeId, byte[] data) {
    retry.run(() -> delegate.updateShardInfo(shardId, rangeId, data));
  }
}
