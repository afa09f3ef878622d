package dev.conduit.persistence.cassandra.execution;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The row types of the {@code executions} table and the placeholder values of the clustering columns a
 * row type does not use (see {@code v0002_executions.cql}).
 */
final class ExecutionsTable {
  static final int TYPE_SHARD = 0;
  static final int TYPE_EXECUTION = 1;
  static final int TYPE_CURRENT = 2;
  static final int TYPE_TRANSFER_TASK = 3;
  static final int TYPE_TIMER_TASK = 4;
  static final int TYPE_REPLICATION_TASK = 5;

  /** The run id under which a workflow id's current-execution row is kept; never a real run id. */
  static final String CURRENT_RUN_PLACEHOLDER = "current";

  /**
   * Clustering columns a row type does not use, spelled out so that every statement names a full key:
   * {@code '' , '', ''} for namespace/workflow/run, epoch for {@code visibility_ts}, 0 for {@code task_id}.
   */
  static final String SHARD_KEY =
      "shard_id = :shard_id AND type = " + TYPE_SHARD
          + " AND namespace_id = '' AND workflow_id = '' AND run_id = '' AND visibility_ts = 0 AND task_id = 0";

  static final String EXECUTION_KEY =
      "shard_id = :shard_id AND type = " + TYPE_EXECUTION
          + " AND namespace_id = :namespace_id AND workflow_id = :workflow_id AND run_id = :run_id"
          + " AND visibility_ts = 0 AND task_id = 0";

  static final String CURRENT_KEY =
      "shard_id = :shard_id AND type = " + TYPE_CURRENT
          + " AND namespace_id = :namespace_id AND workflow_id = :workflow_id AND run_id = '" + CURRENT_RUN_PLACEHOLDER + "'"
          + " AND visibility_ts = 0 AND task_id = 0";

  static final String TRANSFER_PREFIX =
      "shard_id = :shard_id AND type = " + TYPE_TRANSFER_TASK
          + " AND namespace_id = '' AND workflow_id = '' AND run_id = '' AND visibility_ts = 0";

  static final String TIMER_PREFIX =
      "shard_id = :shard_id AND type = " + TYPE_TIMER_TASK + " AND namespace_id = '' AND workflow_id = '' AND run_id = ''";

  static final String REPLICATION_PREFIX =
      "shard_id = :shard_id AND type = " + TYPE_REPLICATION_TASK
          + " AND namespace_id = '' AND workflow_id = '' AND run_id = '' AND visibility_ts = 0";

  private ExecutionsTable() {}

  /**
   * Cassandra timestamps hold milliseconds; fire times round up so that a timer never fires early, and
   * range bounds round up too so that {@code stored >= ceil(min)} exactly when {@code stored >= min}.
   */
  static Instant ceilToMillis(Instant instant) {
    Instant floor = Instant.ofEpochMilli(instant.toEpochMilli());
    return floor.equals(instant) ? floor : floor.plusMillis(1);
  }

  static ByteBuffer blob(byte[] bytes) {
    return bytes == null ? null : ByteBuffer.wrap(bytes);
  }

  static byte[] bytes(ByteBuffer buffer) {
    if (buffer == null) {
      return new byte[0];
    }
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
