package dev.conduit.history.testing;

import dev.conduit.persistence.execution.ShardOwnershipLostException;
import dev.conduit.persistence.execution.ShardRecord;
import dev.conduit.persistence.execution.ShardStore;
import java.util.HashMap;
import java.util.Map;

/** Shard rows in memory with the same range-id fencing as the Cassandra store (unit tests only). */
public final class InMemoryShardStore implements ShardStore {
  private final Map<Integer, ShardRecord> rows = new HashMap<>();

  @Override
  public synchronized ShardRecord acquire(int shardId, String owner) {
    ShardRecord current = rows.getOrDefault(shardId, new ShardRecord(shardId, 0, "", new byte[0]));
    ShardRecord next = new ShardRecord(shardId, current.rangeId() + 1, owner, current.data());
    rows.put(shardId, next);
    return next;
  }

  @Override
  public synchronized ShardRecord renewRange(int shardId, long rangeId, String owner) {
    ShardRecord current = check(shardId, rangeId);
    ShardRecord next = new ShardRecord(shardId, rangeId + 1, owner, current.data());
    rows.put(shardId, next);
    return next;
  }

  @Override
  public synchronized void updateShardInfo(int shardId, long rangeId, byte[] data) {
    ShardRecord current = check(shardId, rangeId);
    rows.put(shardId, new ShardRecord(shardId, rangeId, current.owner(), data.clone()));
  }

  public synchronized long rangeId(int shardId) {
    ShardRecord current = rows.get(shardId);
    return current == null ? 0 : current.rangeId();
  }

  public synchronized ShardRecord row(int shardId) {
    return rows.get(shardId);
  }

  private ShardRecord check(int shardId, long rangeId) {
    ShardRecord current = rows.get(shardId);
    long actual = current == null ? 0 : current.rangeId();
    if (actual != rangeId) {
      throw new ShardOwnershipLostException(shardId, rangeId, actual);
    }
    return current;
  }
}
