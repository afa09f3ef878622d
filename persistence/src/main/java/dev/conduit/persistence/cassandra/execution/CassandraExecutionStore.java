package dev.conduit.persistence.cassandra.execution;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.conduit.persistence.execution.CreateMode;
import dev.conduit.persistence.execution.CurrentExecution;
import dev.conduit.persistence.execution.ExecutionStore;
import dev.conduit.persistence.execution.HistoryPage;
import dev.conduit.persistence.history.HistoryBranchStore;
import dev.conduit.persistence.execution.ReplicationTaskRecord;
import dev.conduit.persistence.execution.TimerTaskRecord;
import dev.conduit.persistence.execution.TransferTaskRecord;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.persistence.execution.WorkflowSnapshot;
import dev.conduit.persistence.execution.WorkflowWrite;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Workflow runs on Cassandra. A state change first appends its history batches to the run's history branch
 * ({@code history_tree_node}), then commits run, current record and tasks in one single-partition batch fenced by the shard's
 * {@code range_id} (invariants 1 and 2); history beyond the committed {@code next_event_id} is never read,
 * so a refused batch leaves nothing visible.
 */
public final class CassandraExecutionStore implements ExecutionStore {
  private final CqlExecutor cql;
  private final ExecutionRows executions;
  private final TaskRows tasks;
  private final HistoryBranchStore history;
  private final ReplicationTaskRows replication;

  CassandraExecutionStore(CqlExecutor cql, ExecutionRows executions, TaskRows tasks, HistoryBranchStore history) {
    this.cql = cql;
    this.executions = executions;
    this.tasks = tasks;
    this.history = history;
    this.replication = new ReplicationTaskRows(cql);
  }

  @Override
  public void createWorkflowExecution(int shardId, WorkflowWrite write, CreateMode mode, String previousRunId) {
    StoreChecks.checkCreate(write, mode, previousRunId);
    WorkflowSnapshot run = write.snapshot();
    String operation = "create " + run.key() + " in shard " + shardId;
    history.append(write.branchToken(), write.newEvents());
    List<BatchableStatement<?>> statements = new ArrayList<>();
    statements.add(executions.fence(shardId, write.rangeId()));
    statements.add(
        mode == CreateMode.BRAND_NEW
            ? executions.insertCurrent(shardId, run)
            : executions.moveCurrent(shardId, run, previousRunId));
    statements.add(executions.insertExecution(shardId, run));
    addTasks(shardId, write, statements);
    ResultSet result = cql.conditional(operation, batch(statements));
    if (result.wasApplied()) {
      return;
    }
    RefusedWrite refused = RefusedWrite.of(result);
    Optional<CurrentExecution> current =
        refused.current().isEmpty()
            ? Optional.empty()
            : refused.currentExecution().or(() -> getCurrentExecution(shardId, run.key().namespaceId(), run.key().workflowId()));
    throw refused.explainCreate(shardId, write.rangeId(), run.key(), mode, previousRunId, current);
  }

  @Override
  public void updateWorkflowExecution(int shardId, WorkflowWrite write) {
    StoreChecks.checkUpdate(write);
    WorkflowSnapshot run = write.snapshot();
    String operation = "update " + run.key() + " in shard " + shardId;
    history.append(write.branchToken(), write.newEvents());
    ResultSet result = cql.conditional(operation, batch(updateStatements(shardId, write, true)));
    if (result.wasApplied()) {
      return;
    }
    RefusedWrite refused = RefusedWrite.of(result);
    if (refused.onlyCurrentRecordDiffers(write.rangeId(), run.key(), write.expectedDbVersion())) {
      // a run that is no longer current (a newer run took the workflow id) is updated without touching the
      // current record; the first batch was refused as a whole, so sending the second is not a blind retry
      result = cql.conditional(operation, batch(updateStatements(shardId, write, false)));
      if (result.wasApplied()) {
        return;
      }
      refused = RefusedWrite.of(result);
    }
    throw refused.explainUpdate(shardId, write.rangeId(), run.key(), write.expectedDbVersion());
  }

  @Override
  public Optional<WorkflowSnapshot> getWorkflowExecution(int shardId, WorkflowKey key) {
    Row row = cql.read("get " + key + " in shard " + shardId, executions.selectExecution(shardId, key)).one();
    return Optional.ofNullable(row).map(r -> ExecutionRows.snapshot(key, r));
  }

  @Override
  public Optional<CurrentExecution> getCurrentExecution(int shardId, String namespaceId, String workflowId) {
    Row row =
        cql.read(
                "get current run of " + namespaceId + "/" + workflowId + " in shard " + shardId,
                executions.selectCurrent(shardId, namespaceId, workflowId))
            .one();
    return Optional.ofNullable(row).map(ExecutionRows::current);
  }

  @Override
  public void deleteWorkflowExecution(int shardId, WorkflowKey key, List<byte[]> branchTokens) {
    branchTokens.forEach(history::delete);
    cql.conditional("delete the current record of " + key + " in shard " + shardId, executions.deleteCurrent(shardId, key));
    cql.write("delete " + key + " in shard " + shardId, executions.deleteExecution(shardId, key));
  }

  @Override
  public HistoryPage readHistory(byte[] branchToken, long fromEventId, long nextEventId, int pageSize, byte[] pageToken) {
    return history.read(branchToken, fromEventId, nextEventId, pageSize, pageToken);
  }

  @Override
  public byte[] forkHistoryBranch(byte[] baseToken, long forkEventId) {
    return history.fork(baseToken, forkEventId);
  }

  @Override
  public List<TransferTaskRecord> getTransferTasks(int shardId, long exclusiveMinTaskId, long inclusiveMaxTaskId, int limit) {
    StoreChecks.checkLimit("get transfer tasks", limit);
    return cql.readAll(
            "get transfer tasks of shard " + shardId, tasks.selectTransfer(shardId, exclusiveMinTaskId, inclusiveMaxTaskId, limit))
        .stream().map(TaskRows::transfer).toList();
  }

  @Override
  public void rangeCompleteTransferTasks(int shardId, long inclusiveMaxTaskId) {
    cql.write("complete transfer tasks up to " + inclusiveMaxTaskId + " of shard " + shardId,
        tasks.deleteTransferUpTo(shardId, inclusiveMaxTaskId));
  }

  @Override
  public List<TimerTaskRecord> getTimerTasks(int shardId, Instant minFireTime, long exclusiveMinTaskId,
      Instant maxExclusive, int limit) {
    StoreChecks.checkLimit("get timer tasks", limit);
    return cql.readAll("get timer tasks of shard " + shardId,
            tasks.selectTimer(shardId, minFireTime, exclusiveMinTaskId, maxExclusive, limit))
        .stream().map(TaskRows::timer).toList();
  }

  @Override
  public void rangeCompleteTimerTasks(int shardId, Instant exclusiveMaxFireTime) {
    cql.write("complete timer tasks due before " + exclusiveMaxFireTime + " of shard " + shardId,
        tasks.deleteTimersBefore(shardId, exclusiveMaxFireTime));
  }

  @Override
  public List<ReplicationTaskRecord> getReplicationTasks(int shardId, long exclusiveMinTaskId, long inclusiveMaxTaskId,
      int limit) {
    StoreChecks.checkLimit("get replication tasks", limit);
    return cql.readAll("get replication tasks of shard " + shardId,
            replication.select(shardId, exclusiveMinTaskId, inclusiveMaxTaskId, limit))
        .stream().map(ReplicationTaskRows::replication).toList();
  }

  @Override
  public void rangeCompleteReplicationTasks(int shardId, long inclusiveMaxTaskId) {
    cql.write("complete replication tasks up to " + inclusiveMaxTaskId + " of shard " + shardId,
        replication.deleteUpTo(shardId, inclusiveMaxTaskId));
  }

  private List<BatchableStatement<?>> updateStatements(int shardId, WorkflowWrite write, boolean withCurrentRecord) {
    List<BatchableStatement<?>> statements = new ArrayList<>();
    statements.add(executions.fence(shardId, write.rangeId()));
    statements.add(executions.updateExecution(shardId, write.snapshot(), write.expectedDbVersion()));
    if (withCurrentRecord) {
      statements.add(executions.updateCurrent(shardId, write.snapshot()));
    }
    addTasks(shardId, write, statements);
    return statements;
  }

  private void addTasks(int shardId, WorkflowWrite write, List<BatchableStatement<?>> statements) {
    write.transferTasks().forEach(task -> statements.add(tasks.insertTransfer(shardId, task)));
    write.timerTasks().forEach(task -> statements.add(tasks.insertTimer(shardId, task)));
    write.replicationTasks().forEach(task -> statements.add(replication.insert(shardId, task)));
  }

  /** Every statement targets the shard's partition, so the batch is one atomic mutation under one Paxos round. */
  private static BatchStatement batch(List<BatchableStatement<?>> statements) {
    return BatchStatement.newInstance(DefaultBatchType.LOGGED).addAll(statements);
  }
}
