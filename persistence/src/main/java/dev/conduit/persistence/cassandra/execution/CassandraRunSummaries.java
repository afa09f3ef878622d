package dev.conduit.persistence.cassandra.execution;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.conduit.persistence.cassandra.CassandraErrors;
import dev.conduit.persistence.execution.RunSummary;
import java.util.ArrayList;
import java.util.List;

/**
 * The runs of a namespace in one shard, read from the execution rows of the shard's partition (a clustering-key
 * range: type, then namespace). For operators' tools (replication verify), not for request paths.
 */
public final class CassandraRunSummaries {
  private final CqlSession session;
  private final PreparedStatement select;

  public CassandraRunSummaries(CqlSession session) {
    this.session = session;
    this.select = session.prepare("SELECT workflow_id, run_id, state, status, next_event_id, last_write_version"
        + " FROM executions WHERE shard_id = ? AND type = " + ExecutionsTable.TYPE_EXECUTION + " AND namespace_id = ?");
  }

  /** Every run of {@code namespaceId} stored in shard {@code shardId}, by workflow id and run id. */
  public List<RunSummary> ofNamespace(int shardId, String namespaceId) {
    List<RunSummary> runs = new ArrayList<>();
    for (Row row : CassandraErrors.plain("read runs of namespace " + namespaceId,
        () -> session.execute(select.bind(shardId, namespaceId)).all())) {
      runs.add(new RunSummary(shardId, namespaceId, row.getString(0), row.getString(1), row.isNull(2) ? 0 : row.getInt(2),
          row.isNull(3) ? 0 : row.getInt(3), row.isNull(4) ? 0 : row.getLong(4), row.isNull(5) ? 0 : row.getLong(5)));
    }
    return runs;
  }
}
