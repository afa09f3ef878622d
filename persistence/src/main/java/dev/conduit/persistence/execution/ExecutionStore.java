package dev.conduit.persistence.execution;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Workflow runs, their history and the tasks their state changes create, per history shard. Every write
 * is fenced by the shard's range id; mutable state, new events and new tasks of one state change are
 * committed together or not at all.
 */
public interface ExecutionStore {

  /**
   * Creates a run and points the workflow id's current-execution record at it.
   *
   * @param previousRunId for {@link CreateMode#REUSE_CLOSED_RUN}, the closed run the record must name
   * @throws CurrentExecutionConflictException the current record is not as {@code mode} requires
   * @throws ShardOwnershipLostException the shard's range moved
   */
  void createWorkflowExecution(int shardId, WorkflowWrite write, CreateMode mode, String previousRunId);

  /**
   * Updates a run; when the snapshot's state is {@link ExecutionState#COMPLETED} the current-execution
   * record is updated in the same write.
   *
   * @throws ConditionFailedException the stored dbVersion is not {@code write.expectedDbVersion()}
   * @throws ShardOwnershipLostException the shard's range moved
   */
  void updateWorkflowExecution(int shardId, WorkflowWrite write);

  Optional<WorkflowSnapshot> getWorkflowExecution(int shardId, WorkflowKey key);

  Optional<CurrentExecution> getCurrentExecution(int shardId, String namespaceId, String workflowId);

  /**
   * Committed history of a run from {@code fromEventId} up to, not including, {@code nextEventId} (the
   * run's committed next event id), at most {@code pageSize} batches per page.
   */
  HistoryPage readHistory(WorkflowKey key, long fromEventId, long nextEventId, int pageSize, byte[] pageToken);

  /** Transfer tasks with {@code exclusiveMinTaskId < taskId <= inclusiveMaxTaskId}, in task id order. */
  List<TransferTaskRecord> getTransferTasks(int shardId, long exclusiveMinTaskId, long inclusiveMaxTaskId, int limit);

  void completeTransferTask(int shardId, long taskId);

  /** Timer tasks due in {@code [minInclusive, maxExclusive)}, ordered by fire time then task id. */
  List<TimerTaskRecord> getTimerTasks(int shardId, Instant minInclusive, Instant maxExclusive, int limit);

  void completeTimerTask(int shardId, Instant fireTime, long taskId);
}
