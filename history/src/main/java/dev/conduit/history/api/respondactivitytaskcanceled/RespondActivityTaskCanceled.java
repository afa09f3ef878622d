package dev.conduit.history.api.respondactivitytaskcanceled;

import dev.conduit.history.api.ActivityTasks;
import dev.conduit.history.api.Limits;
import dev.conduit.history.api.TaskTokens;
import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.workflow.ActivityStateMachine;
import dev.conduit.proto.persistence.v1.ActivityInfo;
import dev.conduit.proto.token.v1.TaskKind;
import dev.conduit.proto.token.v1.TaskToken;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledResponse;

/** RespondActivityTaskCanceled: the worker stopped the attempt after the workflow asked to cancel it. */
public final class RespondActivityTaskCanceled {
  private final ShardController shards;

  public RespondActivityTaskCanceled(ShardController shards) {
    this.shards = shards;
  }

  public RespondActivityTaskCanceledResponse invoke(String namespaceId, RespondActivityTaskCanceledRequest request) {
    TaskToken token = TaskTokens.decode(request.getTaskToken(), TaskKind.TASK_KIND_ACTIVITY, namespaceId);
    ShardContext shard = shards.shardFor(token.getNamespaceId(), token.getWorkflowId());
    Limits.requireBlob("Details", request.getDetails(), shard.config());
    shard.update(TaskTokens.key(token), tx -> {
      ActivityInfo activity = ActivityTasks.startedAttempt(tx, token);
      if (!activity.getCancelRequested()) {
        throw new InvalidRequestException("activity " + activity.getActivityId() + " was not asked to cancel");
      }
      ActivityStateMachine.canceled(tx, activity, request.getDetails(), request.getIdentity());
      return null;
    });
    return RespondActivityTaskCanceledResponse.getDefaultInstance();
  }
}
