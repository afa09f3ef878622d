package dev.conduit.history.api.respondactivitytaskcanceled;

import dev.conduit.history.api.ActivityRef;
import dev.conduit.history.api.ActivityTasks;
import dev.conduit.history.api.Limits;
import dev.conduit.history.api.TaskTokens;
import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.workflow.ActivityStateMachine;
import dev.conduit.proto.persistence.v1.ActivityInfo;
import dev.conduit.proto.token.v1.TaskKind;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledByIdRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledByIdResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledResponse;

/**
 * RespondActivityTaskCanceled(ById): the worker stopped the attempt after the workflow asked to cancel
 * it (the worker learned of it from a heartbeat's {@code cancel_requested}).
 */
public final class RespondActivityTaskCanceled {
  private final ShardController shards;

  public RespondActivityTaskCanceled(ShardController shards) {
    this.shards = shards;
  }

  public RespondActivityTaskCanceledResponse invoke(String namespaceId, RespondActivityTaskCanceledRequest request) {
    ActivityRef ref = ActivityRef.of(TaskTokens.decode(request.getTaskToken(), TaskKind.TASK_KIND_ACTIVITY, namespaceId));
    cancel(ref, request.getDetails(), request.getIdentity());
    return RespondActivityTaskCanceledResponse.getDefaultInstance();
  }

  public RespondActivityTaskCanceledByIdResponse invokeById(ActivityRef ref,
      RespondActivityTaskCanceledByIdRequest request) {
    cancel(ref, request.getDetails(), request.getIdentity());
    return RespondActivityTaskCanceledByIdResponse.getDefaultInstance();
  }

  private void cancel(ActivityRef ref, Payloads details, String identity) {
    ShardContext shard = ActivityTasks.shard(shards, ref);
    Limits.requireBlob("Details", details, shard.config());
    shard.update(ActivityTasks.key(shard, ref), tx -> {
      ActivityInfo activity = ActivityTasks.startedAttempt(tx, ref);
      if (!activity.getCancelRequested()) {
        throw new InvalidRequestException("activity " + activity.getActivityId() + " was not asked to cancel");
      }
      ActivityStateMachine.canceled(tx, activity, details, identity);
      return null;
    });
  }
}
