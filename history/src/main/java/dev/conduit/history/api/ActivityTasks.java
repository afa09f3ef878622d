package dev.conduit.history.api;

import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.workflow.WorkflowTransaction;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.ActivityInfo;
import dev.conduit.proto.token.v1.TaskToken;

/** The checks every activity result makes against the run before it is applied. */
public final class ActivityTasks {
  private ActivityTasks() {}

  /**
   * The started attempt the token names. A token of an older attempt, of a finished activity or of a
   * closed run is NOT_FOUND, as in Temporal; the worker drops the result.
   */
  public static ActivityInfo startedAttempt(WorkflowTransaction tx, TaskToken token) {
    return startedAttempt(tx, ActivityRef.of(token));
  }

  /** The started attempt {@code ref} names; by id, the current attempt of the activity with that id. */
  public static ActivityInfo startedAttempt(WorkflowTransaction tx, ActivityRef ref) {
    if (!tx.state().isRunning()) {
      throw new EntityNotFoundException("workflow execution already completed");
    }
    ActivityInfo activity = ref.byId() ? tx.state().activityById(ref.activityId())
        : tx.state().activity(ref.scheduledEventId());
    if (activity == null || !activity.hasStartedTime() || (!ref.byId() && activity.getAttempt() != ref.attempt())) {
      throw new EntityNotFoundException("activity task not found");
    }
    return activity;
  }

  /** The shard of the run {@code ref} names. */
  public static ShardContext shard(ShardController shards, ActivityRef ref) {
    return shards.shardFor(ref.namespaceId(), ref.workflowId());
  }

  /** The run {@code ref} names: its current run when a by-id call gave none. */
  public static WorkflowKey key(ShardContext shard, ActivityRef ref) {
    return RunLookup.resolve(shard, ref.namespaceId(), ref.workflowId(), ref.runId());
  }
}
