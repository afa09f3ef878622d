package dev.conduit.persistence.resilience;

import dev.conduit.persistence.execution.CreateMode;
import dev.conduit.persistence.execution.CurrentExecution;
import dev.conduit.persistence.execution.ExecutionStore;
import dev.conduit.persistence.execution.HistoryPage;
import dev.conduit.persistence.execution.ReplicationTaskRecord;
import dev.conduit.persistence.execution.TimerTaskRecord;
import dev.conduit.persistence.execution.TransferTaskRecord;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.persistence.execution.WorkflowSnapshot;
import dev.conduit.persistence.execution.WorkflowWrite;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An {@link ExecutionStore} whose calls are repeated by the {@link PersistenceRetry} policy on transient
 * failures. Repeating a create or update is safe only because the stores report a failure that may have
 * been applied as {@link dev.conduit.persistence.OutcomeUnknownException}, which the policy never repeats.
 */
public final class RetryingExecutionStore implements ExecutionStore {
  private final ExecutionStore delegate;
  private final PersistenceRetry retry;

  public RetryingExecutionStore(ExecutionStore delegate, PersistenceRetry retry) {
    this.delegate = delegate;
    this.retry = retry;
  }

  @Override
  public void createWorkflowExecution(int shardId, WorkflowWrite write, CreateMode mode, String previousRunId) {
    retry.run(() -> delegate.createWorkflowExecution(shardId, write, mode, previousRunId));
  }

  @Override
  public void updateWorkflowExecution(int shardId, WorkflowWrite write) {
    retry.run(() -> delegate.updateWorkflowExecution(shardId, write));
  }

  @Override
  public Optional<WorkflowSnapshot> getWorkflowExecution(int shardId, WorkflowKey key) {
    return retry.call(() -> delegate.getWorkflowExecution(shardId, key));
  }

  @Override
  public Optional<CurrentExecution> getCurrentExecution(int shardId, String namespaceId, String workflowId) {
    return retry.call(() -> delegate.getCurrentExecution(shardId, namespaceId, workflowId));
  }

  @Override
  public void deleteWorkflowExecution(int shardId, WorkflowKey key, List<byte[]> branchTokens) {
    retry.run(() -> delegate.deleteWorkflowExecution(shardId, key, branchTokens));
  }

  @Override
  public HistoryPage readHistory(byte[] branchToken, long fromEventId, long nextEventId, int pageSize, byte[] pageToken) {
    return retry.call(() -> delegate.readHistory(branchToken, fromEventId, nextEventId, pageSize, pageToken));
  }

  @Override
  public byte[] forkHistoryBranch(byte[] baseToken, long forkEventId) {
    return retry.call(() -> delegate.forkHistoryBranch(baseToken, forkEventId));
  }

  @Override
  public List<TransferTaskRecord> getTransferTasks(int shardId, long exclusiveMinTaskId, long inclusiveMaxTaskId, int limit) {
    return retry.call(() -> delegate.getTransferTasks(shardId, exclusiveMinTaskId, inclusiveMaxTaskId, limit));
  }

  @Override
  public void rangeCompleteTransferTasks(int shardId, long inclusiveMaxTaskId) {
    retry.run(() -> delegate.rangeCompleteTransferTasks(shardId, inclusiveMaxTaskId));
  }

  @Override
  public List<TimerTaskRecord> getTimerTasks(int shardId, Instant minFireTime, long exclusiveMinTaskId,
      Instant maxExclusive, int limit) {
    return retry.call(() -> delegate.getTimerTasks(shardId, minFireTime, exclusiveMinTaskId, maxExclusive, limit));
  }

  @Override
  public void rangeCompleteTimerTasks(int shardId, Instant exclusiveMaxFireTime) {
    retry.run(() -> delegate.rangeCompleteTimerTasks(shardId, exclusiveMaxFireTime));
  }

  @Override
  public List<ReplicationTaskRecord> getReplicationTasks(int shardId, long exclusiveMinTaskId, long inclusiveMaxTaskId,
      int limit) {
    return retry.call(() -> delegate.getReplicationTasks(shardId, exclusiveMinTaskId, inclusiveMaxTaskId, limit));
  }

  @Override
  public void rangeCompleteReplicationTasks(int shardId, long inclusiveMaxTaskId) {
    retry.run(() -> delegate.rangeCompleteReplicationTasks(shardId, inclusiveMaxTaskId));
  }
}
