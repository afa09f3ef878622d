package dev.conduit.persistence.cassandra.execution;

import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.conduit.persistence.execution.HistoryBatch;
import dev.conduit.persistence.execution.HistoryPage;
import dev.conduit.persistence.execution.WorkflowKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code history_node} table: batches of a run's events, appended before the conditional write that
 * commits them and read back up to the run's committed next event id.
 */
final class HistoryNodes {
  /** Rows fetched per round trip when reading; orphans make a page need a few more rows than batches. */
  private static final int MAX_FETCH_SIZE = 1000;

  private final CqlExecutor cql;
  private final PreparedStatement insert;
  private final PreparedStatement select;

  HistoryNodes(CqlExecutor cql) {
    this.cql = cql;
    insert =
        cql.prepare(
            "INSERT INTO history_node (namespace_id, workflow_id, run_id, node_id, txn_id, last_event_id, data)"
                + " VALUES (:namespace_id, :workflow_id, :run_id, :node_id, :txn_id, :last_event_id, :data)");
    select =
        cql.prepare(
            "SELECT node_id, txn_id, last_event_id, data FROM history_node"
                + " WHERE namespace_id = :namespace_id AND workflow_id = :workflow_id AND run_id = :run_id"
                + " AND node_id >= :min_node_id AND node_id < :max_node_id");
  }

  /**
   * Writes the batches of one attempt. Repeating it writes the same rows again, so it is idempotent; the
   * batches share the run's partition and go in one unlogged batch.
   */
  void append(WorkflowKey key, List<HistoryBatch> batches) {
    if (batches.isEmpty()) {
      return;
    }
    List<BoundStatement> inserts = new ArrayList<>();
    for (HistoryBatch batch : batches) {
      inserts.add(
          insert.boundStatementBuilder()
              .setString("namespace_id", key.namespaceId())
              .setString("workflow_id", key.workflowId())
              .setString("run_id", key.runId())
              .setLong("node_id", batch.firstEventId())
              .setLong("txn_id", batch.txnId())
              .setLong("last_event_id", batch.lastEventId())
              .setByteBuffer("data", ExecutionsTable.blob(batch.events()))
              .build());
    }
    String operation = "append history of " + key;
    if (inserts.size() == 1) {
      cql.write(operation, inserts.get(0));
    } else {
      cql.write(operation, BatchStatement.newInstance(DefaultBatchType.UNLOGGED).addAll(inserts));
    }
  }

  HistoryPage read(WorkflowKey key, long fromEventId, long nextEventId, int pageSize, byte[] pageToken) {
    long from = pageToken == null ? fromEventId : HistoryPageToken.decode(pageToken).nextEventId();
    HistoryBatchSelector selector = new HistoryBatchSelector(key.toString(), from, nextEventId, pageToken != null, pageSize);
    if (from >= nextEventId) {
      return new HistoryPage(List.of(), null);
    }
    BoundStatement statement =
        select.boundStatementBuilder()
            .setString("namespace_id", key.namespaceId())
            .setString("workflow_id", key.workflowId())
            .setString("run_id", key.runId())
            .setLong("min_node_id", from)
            .setLong("max_node_id", nextEventId)
            .setPageSize(Math.min(MAX_FETCH_SIZE, pageSize + 2))
            .build();
    String operation = "read history of " + key;
    try {
      // iterating fetches further driver pages on demand; the selector stops once it has seen one batch too many
      for (Row row : cql.read(operation, statement)) {
        HistoryBatch batch =
            new HistoryBatch(
                row.getLong("node_id"), row.getLong("last_event_id"), row.getLong("txn_id"),
                ExecutionsTable.bytes(row.getByteBuffer("data")));
        if (!selector.offer(batch)) {
          break;
        }
      }
    } catch (DriverException e) {
      throw CassandraErrors.translate(operation, e, false);
    }
    return new HistoryPage(selector.batches(), selector.nextPageToken());
  }
}
