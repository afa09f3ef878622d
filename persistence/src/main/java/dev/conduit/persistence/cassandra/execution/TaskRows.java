package dev.conduit.persistence.cassandra.execution;

import static dev.conduit.persistence.cassandra.execution.ExecutionsTable.TIMER_PREFIX;
import static dev.conduit.persistence.cassandra.execution.ExecutionsTable.TRANSFER_PREFIX;
import static dev.conduit.persistence.cassandra.execution.ExecutionsTable.TYPE_TIMER_TASK;
import static dev.conduit.persistence.cassandra.execution.ExecutionsTable.TYPE_TRANSFER_TASK;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.conduit.persistence.execution.TimerTaskRecord;
import dev.conduit.persistence.execution.TransferTaskRecord;
import dev.conduit.persistence.execution.WorkflowKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Prepared statements of the transfer and timer task rows of a shard's partition. Tasks are inserted
 * inside the state change's conditional batch (the outbox), read by range in clustering order and deleted
 * by range below the queue's persisted ack level (one range tombstone instead of one per task).
 */
final class TaskRows {
  private static final String TASK_COLUMNS = "task_namespace_id, task_workflow_id, task_run_id, task_type, task_data";
  private static final String TASK_VALUES = ":task_namespace_id, :task_workflow_id, :task_run_id, :task_type, :task_data";

  private final PreparedStatement insertTransfer;
  private final PreparedStatement insertTimer;
  private final PreparedStatement selectTransfer;
  private final PreparedStatement selectTimer;
  private final PreparedStatement deleteTransferUpTo;
  private final PreparedStatement deleteTimersBefore;

  TaskRows(CqlExecutor cql) {
    insertTransfer =
        cql.prepare(
            "INSERT INTO executions (shard_id, type, namespace_id, workflow_id, run_id, visibility_ts, task_id, " + TASK_COLUMNS + ")"
                + " VALUES (:shard_id, " + TYPE_TRANSFER_TASK + ", '', '', '', 0, :task_id, " + TASK_VALUES + ")");
    insertTimer =
        cql.prepare(
            "INSERT INTO executions (shard_id, type, namespace_id, workflow_id, run_id, visibility_ts, task_id, " + TASK_COLUMNS + ")"
                + " VALUES (:shard_id, " + TYPE_TIMER_TASK + ", '', '', '', :fire_time, :task_id, " + TASK_VALUES + ")");
    selectTransfer =
        cql.prepare(
            "SELECT task_id, " + TASK_COLUMNS + " FROM executions WHERE " + TRANSFER_PREFIX
                + " AND task_id > :min_task_id AND task_id <= :max_task_id LIMIT :max_rows");
    selectTimer =
        cql.prepare(
            "SELECT visibility_ts, task_id, " + TASK_COLUMNS + " FROM executions WHERE " + TIMER_PREFIX
                + " AND (visibility_ts, task_id) > (:min_time, :min_task_id) AND visibility_ts < :max_time"
                + " LIMIT :max_rows");
    deleteTransferUpTo = cql.prepare("DELETE FROM executions WHERE " + TRANSFER_PREFIX + " AND task_id <= :max_task_id");
    deleteTimersBefore = cql.prepare("DELETE FROM executions WHERE " + TIMER_PREFIX + " AND visibility_ts < :max_time");
  }

  BoundStatement insertTransfer(int shardId, TransferTaskRecord task) {
    return taskValues(insertTransfer, shardId, task.taskId(), task.workflow(), task.type(), task.data()).build();
  }

  BoundStatement insertTimer(int shardId, TimerTaskRecord task) {
    return taskValues(insertTimer, shardId, task.taskId(), task.workflow(), task.type(), task.data())
        .setInstant("fire_time", ExecutionsTable.ceilToMillis(task.fireTime()))
        .build();
  }

  BoundStatement selectTransfer(int shardId, long exclusiveMinTaskId, long inclusiveMaxTaskId, int limit) {
    return selectTransfer.boundStatementBuilder()
        .setInt("shard_id", shardId)
        .setLong("min_task_id", exclusiveMinTaskId)
        .setLong("max_task_id", inclusiveMaxTaskId)
        .setInt("max_rows", limit)
        .setPageSize(limit)
        .build();
  }

  BoundStatement selectTimer(int shardId, Instant minFireTime, long exclusiveMinTaskId, Instant maxExclusive,
      int limit) {
    return selectTimer.boundStatementBuilder()
        .setInt("shard_id", shardId)
        .setInstant("min_time", ExecutionsTable.ceilToMillis(minFireTime))
        .setLong("min_task_id", exclusiveMinTaskId)
        .setInstant("max_time", ExecutionsTable.ceilToMillis(maxExclusive))
        .setInt("max_rows", limit)
        .setPageSize(limit)
        .build();
  }

  BoundStatement deleteTransferUpTo(int shardId, long inclusiveMaxTaskId) {
    return deleteTransferUpTo.boundStatementBuilder()
        .setInt("shard_id", shardId)
        .setLong("max_task_id", inclusiveMaxTaskId)
        .build();
  }

  BoundStatement deleteTimersBefore(int shardId, Instant exclusiveMaxFireTime) {
    // down to the millisecond: a task stored at the bound's millisecond (rounded up) may be due after the bound
    return deleteTimersBefore.boundStatementBuilder()
        .setInt("shard_id", shardId)
        .setInstant("max_time", exclusiveMaxFireTime.truncatedTo(ChronoUnit.MILLIS))
        .build();
  }

  static TransferTaskRecord transfer(Row row) {
    return new TransferTaskRecord(
        row.getLong("task_id"), workflow(row), row.getInt("task_type"), ExecutionsTable.bytes(row.getByteBuffer("task_data")));
  }

  static TimerTaskRecord timer(Row row) {
    return new TimerTaskRecord(
        row.getInstant("visibility_ts"), row.getLong("task_id"), workflow(row), row.getInt("task_type"),
        ExecutionsTable.bytes(row.getByteBuffer("task_data")));
  }

  private static WorkflowKey workflow(Row row) {
    return new WorkflowKey(row.getString("task_namespace_id"), row.getString("task_workflow_id"), row.getString("task_run_id"));
  }

  private static BoundStatementBuilder taskValues(
      PreparedStatement statement, int shardId, long taskId, WorkflowKey workflow, int type, byte[] data) {
    return statement.boundStatementBuilder()
        .setInt("shard_id", shardId)
        .setLong("task_id", taskId)
        .setString("task_namespace_id", workflow.namespaceId())
        .setString("task_workflow_id", workflow.workflowId())
        .setString("task_run_id", workflow.runId())
        .setInt("task_type", type)
        .setByteBuffer("task_data", ExecutionsTable.blob(data));
  }
}
