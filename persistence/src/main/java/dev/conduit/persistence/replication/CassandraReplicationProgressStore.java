package dev.conduit.persistence.replication;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.conduit.persistence.cassandra.CassandraErrors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@link ReplicationProgressStore} on {@code namespace_replication_levels} (schema v6) and
 * {@code namespace_replication_applied} (schema v8), both one row per cluster, so reads take the table whole; workflow
 * levels from {@link CassandraWorkflowReplicationProgress}.
 */
public final class CassandraReplicationProgressStore implements ReplicationProgressStore {
  private final CqlSession session;
  private final PreparedStatement selectPublished;
  private final PreparedStatement selectApplied;
  private final PreparedStatement selectAppliedOne;
  private final PreparedStatement upsertApplied;
  private final WorkflowReplicationProgress workflows;

  /** {@code session} is bound to the cluster's keyspace, at schema version 9 or later. */
  public CassandraReplicationProgressStore(CqlSession session) {
    this.session = session;
    this.workflows = new CassandraWorkflowReplicationProgress(session);
    this.selectPublished = session.prepare(
        "SELECT remote_cluster, published_notification_version, updated_time FROM namespace_replication_levels");
    this.selectApplied = session.prepare("SELECT source_cluster, applied_notification_version, namespace_name,"
        + " applied_time FROM namespace_replication_applied");
    this.selectAppliedOne = session.prepare(
        "SELECT applied_notification_version FROM namespace_replication_applied WHERE source_cluster = ?");
    this.upsertApplied = session.prepare("UPDATE namespace_replication_applied SET applied_notification_version = ?,"
        + " namespace_name = ?, applied_time = ? WHERE source_cluster = ?");
  }

  @Override
  public List<Published> published() {
    List<Published> levels = new ArrayList<>();
    for (Row row : CassandraErrors.plain("read published levels", () -> session.execute(selectPublished.bind()).all())) {
      levels.add(new Published(row.getString(0), row.isNull(1) ? -1 : row.getLong(1), row.getInstant(2)));
    }
    levels.sort(Comparator.comparing(Published::remoteCluster));
    return levels;
  }

  @Override
  public List<Applied> applied() {
    List<Applied> levels = new ArrayList<>();
    for (Row row : CassandraErrors.plain("read applied levels", () -> session.execute(selectApplied.bind()).all())) {
      levels.add(new Applied(row.getString(0), row.isNull(1) ? -1 : row.getLong(1), row.getString(2), row.getInstant(3)));
    }
    levels.sort(Comparator.comparing(Applied::sourceCluster));
    return levels;
  }

  @Override
  public void recordApplied(Applied applied) {
    // one writer per cluster (its replication consumer thread), so read-then-write keeps the level monotonic
    Row row = CassandraErrors.plain("read applied level", () -> session.execute(selectAppliedOne.bind(applied.sourceCluster())).one());
    if (row != null && !row.isNull(0) && row.getLong(0) > applied.notificationVersion()) {
      return;
    }
    CassandraErrors.plain("record applied level", () -> session.execute(upsertApplied.bind(applied.notificationVersion(),
        applied.namespace(), applied.time(), applied.sourceCluster())));
  }

  @Override
  public List<WorkflowReplicationProgress.Level> workflowLevels(WorkflowReplicationProgress.Direction direction) {
    return workflows.read(direction);
  }
}
