package dev.conduit.persistence.replication;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.conduit.persistence.cassandra.CassandraErrors;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link WorkflowReplicationProgress} on {@code workflow_replication_progress} (schema v9, the host column v10): one
 * partition per direction, a row per cluster and shard, so a read takes a partition whole. Each level has one writer
 * at a time (the replication host that owns the shard, or the partition carrying it), which keeps it monotonic itself.
 */
public final class CassandraWorkflowReplicationProgress implements WorkflowReplicationProgress {
  private final CqlSession session;
  private final PreparedStatement upsert;
  private final PreparedStatement select;

  /** {@code session} is bound to the cluster's keyspace, at schema version 10 or later. */
  public CassandraWorkflowReplicationProgress(CqlSession session) {
    this.session = session;
    this.upsert = session.prepare("UPDATE workflow_replication_progress SET task_id = ?, task_time = ?,"
        + " recorded_time = ?, host = ? WHERE direction = ? AND remote_cluster = ? AND shard_id = ?");
    this.select = session.prepare("SELECT remote_cluster, shard_id, task_id, task_time, recorded_time, host"
        + " FROM workflow_replication_progress WHERE direction = ?");
  }

  @Override
  public void record(Level level) {
    CassandraErrors.plain("record workflow replication level", () -> session.execute(upsert.bind(level.taskId(),
        level.taskTime(), level.recordedTime(), level.host(), level.direction().column(), level.remoteCluster(), level.shardId())));
  }

  @Override
  public List<Level> read(Direction direction) {
    List<Level> levels = new ArrayList<>();
    for (Row row : CassandraErrors.plain("read workflow replication levels",
        () -> session.execute(select.bind(direction.column())).all())) {
      levels.add(new Level(direction, row.getString(0), row.getInt(1), row.getLong(2), row.getInstant(3),
          row.getInstant(4), row.getString(5)));
    }
    return levels;
  }
}
