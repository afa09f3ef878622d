package dev.conduit.persistence.cassandra.execution;

import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import dev.conduit.persistence.PersistenceException;
import dev.conduit.persistence.execution.ConditionFailedException;
import dev.conduit.persistence.execution.CreateMode;
import dev.conduit.persistence.execution.CurrentExecution;
import dev.conduit.persistence.execution.CurrentExecutionConflictException;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.persistence.execution.ShardOwnershipLostException;
import dev.conduit.persistence.execution.WorkflowKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a refused conditional batch found. Cassandra answers a refused batch with the current values of
 * every row a condition checked (all columns when the batch holds an {@code IF NOT EXISTS}), each row also
 * carrying the partition's static {@code range_id}; this class decides which condition failed, checking
 * the fence first because a host that lost its shard must stop whatever else went wrong.
 */
final class RefusedWrite {
  /** One returned row; columns the batch did not condition on are null. */
  record Found(
      Integer type, String runId, Long rangeId, Long dbVersion, String currentRunId, String createRequestId,
      Integer state, Integer status, Long lastWriteVersion) {}

  private final List<Found> rows;

  RefusedWrite(List<Found> rows) {
    this.rows = List.copyOf(rows);
  }

  static RefusedWrite of(ResultSet refused) {
    List<Found> rows = new ArrayList<>();
    ColumnDefinitions columns = refused.getColumnDefinitions();
    for (com.datastax.oss.driver.api.core.cql.Row row : refused) {
      rows.add(
          new Found(
              columns.contains("type") ? row.get("type", Integer.class) : null,
              columns.contains("run_id") ? row.getString("run_id") : null,
              columns.contains("range_id") ? row.get("range_id", Long.class) : null,
              columns.contains("db_version") ? row.get("db_version", Long.class) : null,
              columns.contains("current_run_id") ? row.getString("current_run_id") : null,
              columns.contains("create_request_id") ? row.getString("create_request_id") : null,
              columns.contains("state") ? row.get("state", Integer.class) : null,
              columns.contains("status") ? row.get("status", Integer.class) : null,
              columns.contains("last_write_version") ? row.get("last_write_version", Long.class) : null));
    }
    return new RefusedWrite(rows);
  }

  /** The shard's range as found; -1 when the shard's partition does not exist. */
  long rangeId() {
    return rows.stream().map(Found::rangeId).filter(Objects::nonNull).findFirst().orElse(-1L);
  }

  Optional<Found> execution(String runId) {
    return rows.stream().filter(r -> Objects.equals(r.type(), ExecutionsTable.TYPE_EXECUTION) && runId.equals(r.runId())).findFirst();
  }

  Optional<Found> current() {
    return rows.stream().filter(r -> Objects.equals(r.type(), ExecutionsTable.TYPE_CURRENT)).findFirst();
  }

  /**
   * The current record as found, when the refused batch returned all its columns (it does whenever it
   * held an {@code IF NOT EXISTS}); empty otherwise.
   */
  Optional<CurrentExecution> currentExecution() {
    return current()
        .filter(r -> r.currentRunId() != null && r.state() != null && r.status() != null && r.lastWriteVersion() != null)
        .map(r -> new CurrentExecution(
            r.currentRunId(), r.createRequestId(), ExecutionState.ofCode(r.state()), r.status(), r.lastWriteVersion()));
  }

  /** The refused create's reason; {@code current} is the record the store found (here or by reading it). */
  PersistenceException explainCreate(
      int shardId, long rangeId, WorkflowKey key, CreateMode mode, String previousRunId, Optional<CurrentExecution> current) {
    if (rangeId() != rangeId) {
      return new ShardOwnershipLostException(shardId, rangeId, rangeId());
    }
    boolean currentAsExpected =
        mode == CreateMode.BRAND_NEW
            ? current.isEmpty()
            : current.filter(c -> c.runId().equals(previousRunId) && c.state() == ExecutionState.COMPLETED).isPresent();
    if (!currentAsExpected && current.isPresent()) {
      return new CurrentExecutionConflictException(current.get());
    }
    if (!currentAsExpected) {
      return new ConditionFailedException("create " + key + ": workflow id has no current run, expected closed run " + previousRunId);
    }
    if (execution(key.runId()).isPresent()) {
      return new ConditionFailedException("create " + key + ": the run already exists");
    }
    return new ConditionFailedException("create " + key + " refused, but no condition differs now: " + rows);
  }

  /**
   * Whether the range and the run's db version held and only the current record names another run (or
   * none): the run is not the current one, and the update is to leave the current record alone.
   */
  boolean onlyCurrentRecordDiffers(long rangeId, WorkflowKey key, long expectedDbVersion) {
    boolean runAsExpected = execution(key.runId()).map(r -> Objects.equals(r.dbVersion(), expectedDbVersion)).orElse(false);
    boolean currentNamesRun = current().map(r -> key.runId().equals(r.currentRunId())).orElse(false);
    return rangeId() == rangeId && runAsExpected && !currentNamesRun;
  }

  PersistenceException explainUpdate(int shardId, long rangeId, WorkflowKey key, long expectedDbVersion) {
    if (rangeId() != rangeId) {
      return new ShardOwnershipLostException(shardId, rangeId, rangeId());
    }
    Optional<Found> run = execution(key.runId());
    if (run.isEmpty()) {
      return new ConditionFailedException("update " + key + ": the run does not exist");
    }
    if (!Objects.equals(run.get().dbVersion(), expectedDbVersion)) {
      return new ConditionFailedException(
          "update " + key + ": stored db_version is " + run.get().dbVersion() + ", the update expected " + expectedDbVersion);
    }
    return new ConditionFailedException("update " + key + " refused, but no condition differs now: " + rows);
  }
}
