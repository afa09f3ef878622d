package dev.conduit.history.api.respondactivitytaskcompleted;

import dev.conduit.history.api.ActivityTasks;
import dev.conduit.history.api.Limits;
import dev.conduit.history.api.TaskTokens;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.workflow.ActivityStateMachine;
import dev.conduit.proto.token.v1.TaskKind;
import dev.conduit.proto.token.v1.TaskToken;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedResponse;

/** RespondActivityTaskCompleted: the started attempt succeeded; the workflow gets a task to see it. */
public final class RespondActivityTaskCompleted {
  private final ShardController shards;

  public RespondActivityTaskCompleted(ShardController shards) {
    this.shards = shards;
  }

  public RespondActivityTaskCompletedResponse invoke(String namespaceId, RespondActivityTaskCompletedRequest request) {
    TaskToken token = TaskTokens.decode(request.getTaskToken(), TaskKind.TASK_KIND_ACTIVITY, namespaceId);
    ShardContext shard = shards.shardFor(token.getNamespaceId(), token.getWorkflowId());
    Limits.requireBlob("Result", request.getResult(), shard.config());
    shard.update(TaskTokens.key(token), tx -> {
      ActivityStateMachine.complete(tx, ActivityTasks.startedAttempt(tx, token), request.getResult(),
          request.getIdentity());
      return null;
    });
    return RespondActivityTaskCompletedResponse.getDefaultInstance();
  }
}
