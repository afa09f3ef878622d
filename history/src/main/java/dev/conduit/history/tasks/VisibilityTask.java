package dev.conduit.history.tasks;

import dev.conduit.history.shard.ShardContext;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.ExecutionInfo;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import dev.conduit.proto.visibility.v1.VisibilityRecord;

/**
 * Publishes a run's visibility record: the run's visible state as it is now, versioned by the task's id. A
 * later change of the run makes a later task with a larger id, so the indexer keeps the newest record whatever
 * order they arrive in; a run that is gone publishes nothing (its deletion task published the tombstone).
 */
final class VisibilityTask {
  /** The version of a deleted run's record: a run id never comes back, so nothing may index it again. */
  static final long DELETED_VERSION = Long.MAX_VALUE - 1;

  private VisibilityTask() {}

  static void publish(ShardContext shard, WorkflowKey key, long taskId) {
    shard.visibility().publish(record(key, shard.read(key), taskId));
  }

  static void publishDeleted(ShardContext shard, WorkflowKey key) {
    shard.visibility().publish(VisibilityRecord.newBuilder()
        .setNamespaceId(key.namespaceId())
        .setWorkflowId(key.workflowId())
        .setRunId(key.runId())
        .setVersion(DELETED_VERSION)
        .setDeleted(true)
        .build());
  }

  static VisibilityRecord record(WorkflowKey key, MutableStateRecord state, long version) {
    ExecutionInfo info = state.getExecutionInfo();
    VisibilityRecord.Builder record = VisibilityRecord.newBuilder()
        .setNamespaceId(key.namespaceId())
        .setWorkflowId(key.workflowId())
        .setRunId(key.runId())
        .setVersion(version)
        .setWorkflowType(info.getWorkflowType())
        .setTaskQueue(info.getTaskQueue())
        .setStatus(state.getStatus())
        .setStartTime(info.getStartTime())
        .setExecutionTime(info.getExecutionTime())
        .setHistoryLength(state.getNextEventId() - 1)
        .setHistorySizeBytes(state.getHistorySizeBytes())
        .setStateTransitionCount(state.getStateTransitionCount())
        .setMemo(info.getMemo())
        .setSearchAttributes(info.getSearchAttributes())
        .setFirstRunId(info.getFirstRunId());
    if (info.hasCloseTime()) {
      record.setCloseTime(info.getCloseTime());
    }
    if (info.hasParent()) {
      record.setParentWorkflowId(info.getParent().getWorkflowId())
          .setParentRunId(info.getParent().getRunId())
          .setRootWorkflowId(info.getParent().getRootWorkflowId())
          .setRootRunId(info.getParent().getRootRunId());
    } else {
      record.setRootWorkflowId(key.workflowId()).setRootRunId(key.runId());
    }
    return record.build();
  }
}
