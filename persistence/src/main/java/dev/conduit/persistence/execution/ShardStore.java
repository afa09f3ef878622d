package dev.conduit.persistence.execution;

/** Ownership of history shards, fenced by {@code range_id} (invariant 1). */
public interface ShardStore {

  /**
   * Takes the shard for {@code owner}: creates its row if absent, then moves {@code range_id} one up with
   * a lightweight transaction conditioned on the value just read, so that every write of the previous
   * owner fails from now on. Retries when another host moved it concurrently.
   */
  ShardRecord acquire(int shardId, String owner);

  /**
   * Moves the range one up again while still owning the shard (when the task ids of the current range are
   * used up). Fails with {@link ShardOwnershipLostException} if the range is no longer {@code rangeId}.
   */
  ShardRecord renewRange(int shardId, long rangeId, String owner);

  /** Stores history's shard info (queue ack levels), conditioned on {@code rangeId}. */
  void updateShardInfo(int shardId, long rangeId, byte[] data);
}
