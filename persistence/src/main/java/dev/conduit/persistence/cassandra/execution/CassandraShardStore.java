package dev.conduit.persistence.cassandra.execution;

import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.conduit.persistence.PersistenceException;
import dev.conduit.persistence.execution.ShardOwnershipLostException;
import dev.conduit.persistence.execution.ShardRecord;
import dev.conduit.persistence.execution.ShardStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * History shard ownership on the shard row of the shard's {@code executions} partition: the static
 * {@code range_id} moves up by one lightweight transaction per acquire or renewal, which fences every
 * write of the previous range (invariant 1).
 */
public final class CassandraShardStore implements ShardStore {
  private static final Logger log = LoggerFactory.getLogger(CassandraShardStore.class);
  /** Concurrent acquirers each move the range once; a few rounds settle any realistic race. */
  static final int ACQUIRE_ATTEMPTS = 5;

  private final CqlExecutor cql;
  private final ShardRows rows;

  CassandraShardStore(CqlExecutor cql, ShardRows rows) {
    this.cql = cql;
    this.rows = rows;
  }

  @Override
  public ShardRecord acquire(int shardId, String owner) {
    String operation = "acquire shard " + shardId;
    Long observedRange = null;
    for (int attempt = 1; attempt <= ACQUIRE_ATTEMPTS; attempt++) {
      if (observedRange == null) {
        Row row = cql.read(operation, rows.select(shardId)).one();
        if (row == null) {
          // first use of the shard: create its row at range 0, then take range 1 like any later owner
          cql.conditional(operation, rows.insert(shardId, owner));
          continue;
        }
        observedRange = row.getLong("range_id");
      }
      ResultSet moved = cql.conditional(operation, rows.moveRange(shardId, observedRange, owner));
      if (moved.wasApplied()) {
        log.info("shard {} acquired by {} with range {}", shardId, owner, observedRange + 1);
        return reread(shardId, observedRange + 1, owner, operation);
      }
      long actual = ShardRows.actualRangeId(moved);
      log.debug("shard {}: range moved to {} while {} took it, attempt {}", shardId, actual, owner, attempt);
      observedRange = actual < 0 ? null : actual;
    }
    throw new PersistenceException(
        operation + " for " + owner + ": other hosts kept moving its range during " + ACQUIRE_ATTEMPTS + " attempts", true);
  }

  @Override
  public ShardRecord renewRange(int shardId, long rangeId, String owner) {
    String operation = "renew range of shard " + shardId;
    ResultSet moved = cql.conditional(operation, rows.moveRange(shardId, rangeId, owner));
    if (!moved.wasApplied()) {
      throw new ShardOwnershipLostException(shardId, rangeId, ShardRows.actualRangeId(moved));
    }
    return reread(shardId, rangeId + 1, owner, operation);
  }

  @Override
  public void updateShardInfo(int shardId, long rangeId, byte[] data) {
    ResultSet updated = cql.conditional("update info of shard " + shardId, rows.updateData(shardId, rangeId, data));
    if (!updated.wasApplied()) {
      throw new ShardOwnershipLostException(shardId, rangeId, ShardRows.actualRangeId(updated));
    }
  }

  /**
   * Reads the shard info after the range moved: the previous owner's info updates are fenced from now
   * on, so this read sees the last one that made it.
   */
  private ShardRecord reread(int shardId, long rangeId, String owner, String operation) {
    Row row = cql.read(operation, rows.select(shardId)).one();
    byte[] data = row == null ? new byte[0] : ExecutionsTable.bytes(row.getByteBuffer("shard_data"));
    return new ShardRecord(shardId, rangeId, owner, data);
  }
}
