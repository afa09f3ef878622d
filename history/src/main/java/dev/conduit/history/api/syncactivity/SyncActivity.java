package dev.conduit.history.api.syncactivity;

import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.shard.ShardController;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.history.v1.SyncActivityRequest;
import dev.conduit.proto.history.v1.SyncActivityResponse;
import dev.conduit.proto.persistence.v1.SyncActivityReplicationTask;

/**
 * SyncActivity: the standby takes over a pending activity's attempt state from the active cluster, so that
 * after a failover the activity goes on from the same attempt with the same heartbeat details.
 */
public final class SyncActivity {
  private final ShardController shards;

  public SyncActivity(ShardController shards) {
    this.shards = shards;
  }

  public SyncActivityResponse invoke(SyncActivityRequest request) {
    SyncActivityReplicationTask task = request.getTask();
    if (task.getNamespaceId().isEmpty() || task.getWorkflowId().isEmpty() || task.getRunId().isEmpty()
        || task.getScheduledEventId() <= 0) {
      throw new InvalidRequestException("SyncActivity needs namespace id, workflow id, run id and scheduled event id.");
    }
    WorkflowKey key = new WorkflowKey(task.getNamespaceId(), task.getWorkflowId(), task.getRunId());
    boolean applied = shards.shardFor(key.namespaceId(), key.workflowId()).syncActivity(key, task);
    return SyncActivityResponse.newBuilder().setApplied(applied).build();
  }
}
