package dev.conduit.persistence.cassandra.execution;

import static dev.conduit.persistence.cassandra.execution.ExecutionsTable.REPLICATION_PREFIX;
import static dev.conduit.persistence.cassandra.execution.ExecutionsTable.TYPE_REPLICATION_TASK;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.conduit.persistence.execution.ReplicationTaskRecord;
import dev.conduit.persistence.execution.WorkflowKey;

/**
 * Prepared statements of the replication task rows of a shard's partition (row type 5, clustered by task
 * id). Inserted inside the state change's conditional batch, read by id range, and deleted by one range
 * delete below the lowest ack level of the remote clusters. No schema change: the columns are the
 * transfer task's.
 */
final class ReplicationTaskRows {
  private static final String COLUMNS = "task_namespace_id, task_workflow_id, task_run_id, task_type, task_data";

  private final PreparedStatement insert;
  private final PreparedStatement select;
  private final PreparedStatement deleteUpTo;

  ReplicationTaskRows(CqlExecutor cql) {
    insert =
        cql.prepare(
            "INSERT INTO executions (shard_id, type, namespace_id, workflow_id, run_id, visibility_ts, task_id, " + COLUMNS + ")"
                + " VALUES (:shard_id, " + TYPE_REPLICATION_TASK + ", '', '', '', 0, :task_id, :task_namespace_id,"
                + " :task_workflow_id, :task_run_id, :task_type, :task_data)");
    select =
        cql.prepare(
            "SELECT task_id, " + COLUMNS + " FROM executions WHERE " + REPLICATION_PREFIX
                + " AND task_id > :min_task_id AND task_id <= :max_task_id LIMIT :max_rows");
    deleteUpTo = cql.prepare("DELETE FROM executions WHERE " + REPLICATION_PREFIX + " AND task_id <= :max_task_id");
  }

  BoundStatement insert(int shardId, ReplicationTaskRecord task) {
    return insert.boundStatementBuilder()
        .setInt("shard_id", shardId)
        .setLong("task_id", task.taskId())
        .setString("task_namespace_id", task.workflow().namespaceId())
        .setString("task_workflow_id", task.workflow().workflowId())
        .setString("task_run_id", task.workflow().runId())
        .setInt("task_type", task.type())
        .setByteBuffer("task_data", ExecutionsTable.blob(task.data()))
        .build();
  }

  BoundStatement select(int shardId, long exclusiveMinTaskId, long inclusiveMaxTaskId, int limit) {
    return select.boundStatementBuilder()
        .setInt("shard_id", shardId)
        .setLong("min_task_id", exclusiveMinTaskId)
        .setLong("max_task_id", inclusiveMaxTaskId)
        .setInt("max_rows", limit)
        .setPageSize(limit)
        .build();
  }

  BoundStatement deleteUpTo(int shardId, long inclusiveMaxTaskId) {
    return deleteUpTo.boundStatementBuilder().setInt("shard_id", shardId).setLong("max_task_id", inclusiveMaxTaskId).build();
  }

  static ReplicationTaskRecord replication(Row row) {
    return new ReplicationTaskRecord(
        row.getLong("task_id"),
        new WorkflowKey(row.getString("task_namespace_id"), row.getString("task_workflow_id"), row.getString("task_run_id")),
        row.getInt("task_type"),
        ExecutionsTable.bytes(row.getByteBuffer("task_data")));
  }
}
