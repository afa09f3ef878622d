package dev.conduit.persistence.cassandra.execution;

import static dev.conduit.persistence.cassandra.execution.ExecutionsTable.SHARD_KEY;
import static dev.conduit.persistence.cassandra.execution.ExecutionsTable.TYPE_SHARD;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;

/** Prepared statements of the shard row, whose static {@code range_id} fences the whole partition. */
final class ShardRows {
  private final PreparedStatement select;
  private final PreparedStatement insert;
  private final PreparedStatement moveRange;
  private final PreparedStatement updateData;

  ShardRows(CqlExecutor cql) {
    select = cql.prepare("SELECT range_id, shard_owner, shard_data FROM executions WHERE " + SHARD_KEY);
    insert =
        cql.prepare(
            "INSERT INTO executions (shard_id, type, namespace_id, workflow_id, run_id, visibility_ts, task_id, range_id, shard_owner)"
                + " VALUES (:shard_id, " + TYPE_SHARD + ", '', '', '', 0, 0, 0, :owner) IF NOT EXISTS");
    moveRange =
        cql.prepare(
            "UPDATE executions SET range_id = :new_range_id, shard_owner = :owner WHERE " + SHARD_KEY + " IF range_id = :range_id");
    updateData = cql.prepare("UPDATE executions SET shard_data = :data WHERE " + SHARD_KEY + " IF range_id = :range_id");
  }

  BoundStatement select(int shardId) {
    return select.boundStatementBuilder().setInt("shard_id", shardId).build();
  }

  BoundStatement insert(int shardId, String owner) {
    return insert.boundStatementBuilder().setInt("shard_id", shardId).setString("owner", owner).build();
  }

  BoundStatement moveRange(int shardId, long fromRangeId, String owner) {
    return moveRange.boundStatementBuilder()
        .setInt("shard_id", shardId)
        .setLong("new_range_id", fromRangeId + 1)
        .setString("owner", owner)
        .setLong("range_id", fromRangeId)
        .build();
  }

  BoundStatement updateData(int shardId, long rangeId, byte[] data) {
    return updateData.boundStatementBuilder()
        .setInt("shard_id", shardId)
        .setByteBuffer("data", ExecutionsTable.blob(data))
        .setLong("range_id", rangeId)
        .build();
  }

  /**
   * The range a refused conditional write found: the static {@code range_id} is returned with every row
   * of a refused write, and is absent only when the shard's partition does not exist ({@code -1}).
   */
  static long actualRangeId(ResultSet refused) {
    for (Row row : refused) {
      if (row.getColumnDefinitions().contains("range_id") && !row.isNull("range_id")) {
        return row.getLong("range_id");
      }
    }
    return -1;
  }
}
