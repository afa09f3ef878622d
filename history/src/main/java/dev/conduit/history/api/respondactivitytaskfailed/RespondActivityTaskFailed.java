package dev.conduit.history.api.respondactivitytaskfailed;

import dev.conduit.history.api.ActivityTasks;
import dev.conduit.history.api.Limits;
import dev.conduit.history.api.TaskTokens;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.workflow.ActivityStateMachine;
import dev.conduit.proto.token.v1.TaskKind;
import dev.conduit.proto.token.v1.TaskToken;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedResponse;

/**
 * RespondActivityTaskFailed: the started attempt failed. Per the activity's retry policy the next
 * attempt is dispatched after a backoff (no event), or the activity fails (the workflow gets a task).
 */
public final class RespondActivityTaskFailed {
  private final ShardController shards;

  public RespondActivityTaskFailed(ShardController shards) {
    this.shards = shards;
  }

  public RespondActivityTaskFailedResponse invoke(String namespaceId, RespondActivityTaskFailedRequest request) {
    TaskToken token = TaskTokens.decode(request.getTaskToken(), TaskKind.TASK_KIND_ACTIVITY, namespaceId);
    ShardContext shard = shards.shardFor(token.getNamespaceId(), token.getWorkflowId());
    Limits.requireBlob("Failure", request.getFailure(), shard.config());
    Limits.requireBlob("LastHeartbeatDetails", request.getLastHeartbeatDetails(), shard.config());
    shard.update(TaskTokens.key(token), tx -> ActivityStateMachine.fail(tx, ActivityTasks.startedAttempt(tx, token),
        request.getFailure(), request.getIdentity(),
        request.hasLastHeartbeatDetails() ? request.getLastHeartbeatDetails() : null));
    return RespondActivityTaskFailedResponse.getDefaultInstance();
  }
}
