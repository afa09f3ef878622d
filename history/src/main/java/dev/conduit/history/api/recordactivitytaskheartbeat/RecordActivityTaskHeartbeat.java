package dev.conduit.history.api.recordactivitytaskheartbeat;

import dev.conduit.history.api.ActivityTasks;
import dev.conduit.history.api.Limits;
import dev.conduit.history.api.TaskTokens;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.workflow.ActivityStateMachine;
import dev.conduit.proto.persistence.v1.ActivityInfo;
import dev.conduit.proto.token.v1.TaskKind;
import dev.conduit.proto.token.v1.TaskToken;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatRequest;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatResponse;

/**
 * RecordActivityTaskHeartbeat: keeps the attempt's heartbeat deadline moving and stores its details;
 * the answer tells the worker whether the workflow asked to cancel the activity.
 */
public final class RecordActivityTaskHeartbeat {
  private final ShardController shards;

  public RecordActivityTaskHeartbeat(ShardController shards) {
    this.shards = shards;
  }

  public RecordActivityTaskHeartbeatResponse invoke(String namespaceId, RecordActivityTaskHeartbeatRequest request) {
    TaskToken token = TaskTokens.decode(request.getTaskToken(), TaskKind.TASK_KIND_ACTIVITY, namespaceId);
    ShardContext shard = shards.shardFor(token.getNamespaceId(), token.getWorkflowId());
    Limits.requireBlob("Details", request.getDetails(), shard.config());
    boolean cancelRequested = shard.update(TaskTokens.key(token), tx -> {
      ActivityInfo activity = ActivityTasks.startedAttempt(tx, token);
      ActivityStateMachine.heartbeat(tx, activity, request.getDetails());
      return activity.getCancelRequested();
    });
    return RecordActivityTaskHeartbeatResponse.newBuilder().setCancelRequested(cancelRequested).build();
  }
}
