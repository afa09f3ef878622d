package dev.conduit.persistence.execution;

import dev.conduit.persistence.PersistenceException;

/**
 * A write conditioned on a shard's {@code range_id} found another range: another host owns the shard now.
 * The host that gets this must stop serving the shard at once (invariant 1); retrying is wrong. The
 * actual range is {@code -1} when the shard was never acquired.
 */
public final class ShardOwnershipLostException extends PersistenceException {
  private static final long serialVersionUID = 1L;
  private final int shardId;
  private final long expectedRangeId;
  private final long actualRangeId;

  public ShardOwnershipLostException(int shardId, long expectedRangeId, long actualRangeId) {
    super("shard " + shardId + " ownership lost: expected range_id " + expectedRangeId + ", found " + actualRangeId, false);
    this.shardId = shardId;
    this.expectedRangeId = expectedRangeId;
    this.actualRangeId = actualRangeId;
  }

  public int shardId() {
    return shardId;
  }

  public long expectedRangeId() {
    return expectedRangeId;
  }

  public long actualRangeId() {
    return actualRangeId;
  }
}
