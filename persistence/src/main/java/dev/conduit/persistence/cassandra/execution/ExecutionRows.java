package dev.conduit.persistence.cassandra.execution;

import static dev.conduit.persistence.cassandra.execution.ExecutionsTable.CURRENT_KEY;
import static dev.conduit.persistence.cassandra.execution.ExecutionsTable.CURRENT_RUN_PLACEHOLDER;
import static dev.conduit.persistence.cassandra.execution.ExecutionsTable.EXECUTION_KEY;
import static dev.conduit.persistence.cassandra.execution.ExecutionsTable.TYPE_CURRENT;
import static dev.conduit.persistence.cassandra.execution.ExecutionsTable.TYPE_EXECUTION;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.conduit.persistence.execution.CurrentExecution;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.persistence.execution.WorkflowSnapshot;

/**
 * Prepared statements of the execution and current-execution rows, and the range fence every batch of a
 * shard carries. Each conditional statement checks one row, so a refused batch tells which row differed.
 */
final class ExecutionRows {
  private static final String EXECUTION_COLUMNS =
      "mutable_state, state, status, next_event_id, last_write_version, db_version, create_request_id";

  private final PreparedStatement fence;
  private final PreparedStatement insertCurrent;
  private final PreparedStatement moveCurrent;
  private final PreparedStatement updateCurrent;
  private final PreparedStatement insertExecution;
  private final PreparedStatement updateExecution;
  private final PreparedStatement selectExecution;
  private final PreparedStatement selectCurrent;
  private final PreparedStatement deleteExecution;
  private final PreparedStatement deleteCurrent;

  ExecutionRows(CqlExecutor cql) {
    // rewrites the static range with its own value: a statement whose only job is its condition
    fence = cql.prepare("UPDATE executions SET range_id = :same_range_id WHERE shard_id = :shard_id IF range_id = :range_id");
    insertCurrent =
        cql.prepare(
            "INSERT INTO executions (shard_id, type, namespace_id, workflow_id, run_id, visibility_ts, task_id,"
                + " current_run_id, create_request_id, state, status, last_write_version)"
                + " VALUES (:shard_id, " + TYPE_CURRENT + ", :namespace_id, :workflow_id, '" + CURRENT_RUN_PLACEHOLDER + "', 0, 0,"
                + " :current_run_id, :create_request_id, :state, :status, :last_write_version) IF NOT EXISTS");
    moveCurrent =
        cql.prepare(
            "UPDATE executions SET current_run_id = :current_run_id, create_request_id = :create_request_id, state = :state,"
                + " status = :status, last_write_version = :last_write_version WHERE " + CURRENT_KEY
                + " IF current_run_id = :previous_run_id AND state = " + ExecutionState.COMPLETED.code());
    updateCurrent =
        cql.prepare(
            "UPDATE executions SET state = :state, status = :status, last_write_version = :last_write_version WHERE " + CURRENT_KEY
                + " IF current_run_id = :current_run_id");
    insertExecution =
        cql.prepare(
            "INSERT INTO executions (shard_id, type, namespace_id, workflow_id, run_id, visibility_ts, task_id, " + EXECUTION_COLUMNS + ")"
                + " VALUES (:shard_id, " + TYPE_EXECUTION + ", :namespace_id, :workflow_id, :run_id, 0, 0, :mutable_state, :state,"
                + " :status, :next_event_id, :last_write_version, :db_version, :create_request_id) IF NOT EXISTS");
    updateExecution =
        cql.prepare(
            "UPDATE executions SET mutable_state = :mutable_state, state = :state, status = :status, next_event_id = :next_event_id,"
                + " last_write_version = :last_write_version, db_version = :db_version, create_request_id = :create_request_id"
                + " WHERE " + EXECUTION_KEY + " IF db_version = :expected_db_version");
    selectExecution = cql.prepare("SELECT " + EXECUTION_COLUMNS + " FROM executions WHERE " + EXECUTION_KEY);
    selectCurrent =
        cql.prepare("SELECT current_run_id, create_request_id, state, status, last_write_version FROM executions WHERE " + CURRENT_KEY);
    deleteExecution = cql.prepare("DELETE FROM executions WHERE " + EXECUTION_KEY);
    deleteCurrent = cql.prepare("DELETE FROM executions WHERE " + CURRENT_KEY + " IF current_run_id = :current_run_id");
  }

  BoundStatement deleteExecution(int shardId, WorkflowKey key) {
    return deleteExecution.boundStatementBuilder()
        .setInt("shard_id", shardId)
        .setString("namespace_id", key.namespaceId())
        .setString("workflow_id", key.workflowId())
        .setString("run_id", key.runId())
        .build();
  }

  BoundStatement deleteCurrent(int shardId, WorkflowKey key) {
    return deleteCurrent.boundStatementBuilder()
        .setInt("shard_id", shardId)
        .setString("namespace_id", key.namespaceId())
        .setString("workflow_id", key.workflowId())
        .setString("current_run_id", key.runId())
        .build();
  }

  BoundStatement fence(int shardId, long rangeId) {
    return fence.boundStatementBuilder()
        .setInt("shard_id", shardId)
        .setLong("same_range_id", rangeId)
        .setLong("range_id", rangeId)
        .build();
  }

  BoundStatement insertCurrent(int shardId, WorkflowSnapshot run) {
    return currentValues(insertCurrent.boundStatementBuilder(), shardId, run).setString("current_run_id", run.key().runId()).build();
  }

  BoundStatement moveCurrent(int shardId, WorkflowSnapshot run, String previousRunId) {
    return currentValues(moveCurrent.boundStatementBuilder(), shardId, run)
        .setString("current_run_id", run.key().runId())
        .setString("previous_run_id", previousRunId)
        .build();
  }

  BoundStatement updateCurrent(int shardId, WorkflowSnapshot run) {
    return updateCurrent.boundStatementBuilder()
        .setInt("shard_id", shardId)
        .setString("namespace_id", run.key().namespaceId())
        .setString("workflow_id", run.key().workflowId())
        .setInt("state", run.state().code())
        .setInt("status", run.status())
        .setLong("last_write_version", run.lastWriteVersion())
        .setString("current_run_id", run.key().runId())
        .build();
  }

  BoundStatement insertExecution(int shardId, WorkflowSnapshot run) {
    return executionValues(insertExecution.boundStatementBuilder(), shardId, run).build();
  }

  BoundStatement updateExecution(int shardId, WorkflowSnapshot run, long expectedDbVersion) {
    return executionValues(updateExecution.boundStatementBuilder(), shardId, run).setLong("expected_db_version", expectedDbVersion).build();
  }

  BoundStatement selectExecution(int shardId, WorkflowKey key) {
    return selectExecution.boundStatementBuilder()
        .setInt("shard_id", shardId)
        .setString("namespace_id", key.namespaceId())
        .setString("workflow_id", key.workflowId())
        .setString("run_id", key.runId())
        .build();
  }

  BoundStatement selectCurrent(int shardId, String namespaceId, String workflowId) {
    return selectCurrent.boundStatementBuilder()
        .setInt("shard_id", shardId)
        .setString("namespace_id", namespaceId)
        .setString("workflow_id", workflowId)
        .build();
  }

  static WorkflowSnapshot snapshot(WorkflowKey key, Row row) {
    return new WorkflowSnapshot(
        key,
        ExecutionState.ofCode(row.getInt("state")),
        row.getInt("status"),
        row.getLong("next_event_id"),
        row.getLong("last_write_version"),
        row.getLong("db_version"),
        row.getString("create_request_id"),
        ExecutionsTable.bytes(row.getByteBuffer("mutable_state")));
  }

  static CurrentExecution current(Row row) {
    return new CurrentExecution(
        row.getString("current_run_id"),
        row.getString("create_request_id"),
        ExecutionState.ofCode(row.getInt("state")),
        row.getInt("status"),
        row.getLong("last_write_version"));
  }

  private static BoundStatementBuilder currentValues(BoundStatementBuilder builder, int shardId, WorkflowSnapshot run) {
    return builder
        .setInt("shard_id", shardId)
        .setString("namespace_id", run.key().namespaceId())
        .setString("workflow_id", run.key().workflowId())
        .setString("create_request_id", run.createRequestId())
        .setInt("state", run.state().code())
        .setInt("status", run.status())
        .setLong("last_write_version", run.lastWriteVersion());
  }

  private static BoundStatementBuilder executionValues(BoundStatementBuilder builder, int shardId, WorkflowSnapshot run) {
    return builder
        .setInt("shard_id", shardId)
        .setString("namespace_id", run.key().namespaceId())
        .setString("workflow_id", run.key().workflowId())
        .setString("run_id", run.key().runId())
        .setByteBuffer("mutable_state", ExecutionsTable.blob(run.mutableState()))
        .setInt("state", run.state().code())
        .setInt("status", run.status())
        .setLong("next_event_id", run.nextEventId())
        .setLong("last_write_version", run.lastWriteVersion())
        .setLong("db_version", run.dbVersion())
        .setString("create_request_id", run.createRequestId());
  }
}
