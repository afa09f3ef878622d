package dev.conduit.persistence.execution;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Workflow runs, their history and the tasks their state changes create, per history shard. Every write
 * is fenced by the shard's range id; mutable state, new events and new tasks of one state change are
 * committed together or not at all.
 *
 * <p>A create or update that timed out after it was sent fails with
 * {@link dev.conduit.persistence.OutcomeUnknownException} (retryable, but only after reloading the run: it
 * may have been applied). Other retryable failures were not applied; the store instances handed out by
 * the factories already repeat those.
 */
public interface ExecutionStore {

  /**
   * Creates a run and points the workflow id's current-execution record at it. The snapshot's
   * {@code dbVersion} is the run's first record version; {@code write.expectedDbVersion()} is ignored.
   *
   * @param previousRunId for {@link CreateMode#REUSE_CLOSED_RUN}, the closed run the record must name
   * @throws CurrentExecutionConflictException the current record is not as {@code mode} requires
   * @throws ShardOwnershipLostException the shard's range moved
   */
  void createWorkflowExecution(int shardId, WorkflowWrite write, CreateMode mode, String previousRunId);

  /**
   * Updates a run to the snapshot, whose {@code dbVersion} must be greater than
   * {@code write.expectedDbVersion()}. When the workflow id's current-execution record names this run,
   * its state, status and last write version are updated in the same write (so it shows
   * {@link ExecutionState#COMPLETED} once the run closes); a run that is no longer current leaves it alone.
   *
   * @throws ConditionFailedException the stored dbVersion is not {@code write.expectedDbVersion()}
   * @throws ShardOwnershipLostException the shard's range moved
   */
  void updateWorkflowExecution(int shardId, WorkflowWrite write);

  Optional<WorkflowSnapshot> getWorkflowExecution(int shardId, WorkflowKey key);

  Optional<CurrentExecution> getCurrentExecution(int shardId, String namespaceId, String workflowId);

  /**
   * Deletes a closed run for good (its namespace's retention is over): its history branches
   * {@code branchTokens} (nodes another run's branch shares stay), the workflow id's current-execution
   * record if it still names this run, and the run's record last, so that a delete that failed half way is
   * completed by repeating it. Deleting what is gone already does nothing.
   */
  void deleteWorkflowExecution(int shardId, WorkflowKey key, List<byte[]> branchTokens);

  /**
   * Committed history of a run's history branch ({@code branchToken}, the current version history's) from {@code fromEventId} up to, not including, {@code nextEventId} (the
   * run's committed next event id, or a batch boundary below it), at most {@code pageSize} batches per
   * page. The first page starts with the batch that holds {@code fromEventId}, which may begin before it: callers
   * drop the events below {@code fromEventId}. Pass the page token of the previous page, or null for the first. A
   * token this store did not
   * produce is an {@link IllegalArgumentException}; history with a hole or that ends before
   * {@code nextEventId} is a non-retryable {@link dev.conduit.persistence.PersistenceException}.
   */
  HistoryPage readHistory(byte[] branchToken, long fromEventId, long nextEventId, int pageSize, byte[] pageToken);

  /**
   * Forks a branch of the run's history tree that shares the base branch's events below {@code forkEventId} (a
   * batch boundary of its committed history) and returns the new branch's token; the caller writes the new
   * branch's events with its next update of the run. See {@link dev.conduit.persistence.history.HistoryBranchStore#fork}.
   */
  byte[] forkHistoryBranch(byte[] baseToken, long forkEventId);

  /** Transfer tasks with {@code exclusiveMinTaskId < taskId <= inclusiveMaxTaskId}, in task id order. */
  List<TransferTaskRecord> getTransferTasks(int shardId, long exclusiveMinTaskId, long inclusiveMaxTaskId, int limit);

  /**
   * Deletes every transfer task with {@code taskId <= inclusiveMaxTaskId}: the queue's ack level once it is persisted
   * (every such task is done, and a shard's next owner reads above it). One range deletion, however many tasks.
   */
  void rangeCompleteTransferTasks(int shardId, long inclusiveMaxTaskId);

  /**
   * Timer tasks after ({@code minFireTime}, {@code exclusiveMinTaskId}) and due before {@code maxExclusive}, ordered
   * by fire time then task id: those due at {@code minFireTime} with a task id above {@code exclusiveMinTaskId}, then
   * those due later. {@code Long.MIN_VALUE} reads every timer due at or after {@code minFireTime}; the key of the last
   * timer read continues a read past a page of timers that are all due at one instant. Fire times are stored in
   * milliseconds, rounded up, and read back so.
   */
  List<TimerTaskRecord> getTimerTasks(int shardId, Instant minFireTime, long exclusiveMinTaskId, Instant maxExclusive,
      int limit);

  /**
   * Deletes every timer task stored as due before {@code exclusiveMaxFireTime} (taken down to the millisecond, so
   * never a task due at or after it): the timer queue's persisted ack level, before which every timer is done.
   */
  void rangeCompleteTimerTasks(int shardId, Instant exclusiveMaxFireTime);

  /** Replication tasks with {@code exclusiveMinTaskId < taskId <= inclusiveMaxTaskId}, in task id order. */
  List<ReplicationTaskRecord> getReplicationTasks(int shardId, long exclusiveMinTaskId, long inclusiveMaxTaskId, int limit);

  /** Deletes every replication task with {@code taskId <= inclusiveMaxTaskId} (all remote clusters acked them). */
  void rangeCompleteReplicationTasks(int shardId, long inclusiveMaxTaskId);
}
