package dev.conduit.history.api.respondactivitytaskcompleted;

import dev.conduit.history.api.ActivityRef;
import dev.conduit.history.api.ActivityTasks;
import dev.conduit.history.api.Limits;
import dev.conduit.history.api.TaskTokens;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.workflow.ActivityStateMachine;
import dev.conduit.proto.token.v1.TaskKind;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedByIdRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedByIdResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedResponse;

/**
 * RespondActivityTaskCompleted(ById): the started attempt succeeded; the workflow gets a task to see it.
 * By id, the activity's current started attempt is completed (async completion outside the worker).
 */
public final class RespondActivityTaskCompleted {
  private final ShardController shards;

  public RespondActivityTaskCompleted(ShardController shards) {
    this.shards = shards;
  }

  public RespondActivityTaskCompletedResponse invoke(String namespaceId, RespondActivityTaskCompletedRequest request) {
    ActivityRef ref = ActivityRef.of(TaskTokens.decode(request.getTaskToken(), TaskKind.TASK_KIND_ACTIVITY, namespaceId));
    complete(ref, request.getResult(), request.getIdentity());
    return RespondActivityTaskCompletedResponse.getDefaultInstance();
  }

  public RespondActivityTaskCompletedByIdResponse invokeById(ActivityRef ref,
      RespondActivityTaskCompletedByIdRequest request) {
    complete(ref, request.getResult(), request.getIdentity());
    return RespondActivityTaskCompletedByIdResponse.getDefaultInstance();
  }

  private void complete(ActivityRef ref, Payloads result, String identity) {
    ShardContext shard = ActivityTasks.shard(shards, ref);
    Limits.requireBlob("Result", result, shard.config());
    shard.update(ActivityTasks.key(shard, ref), tx -> {
      ActivityStateMachine.complete(tx, ActivityTasks.startedAttempt(tx, ref), result, identity);
      return null;
    });
  }
}
