package dev.conduit.history.api.respondactivitytaskfailed;

import dev.conduit.history.api.ActivityRef;
import dev.conduit.history.api.ActivityTasks;
import dev.conduit.history.api.Limits;
import dev.conduit.history.api.TaskTokens;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.workflow.ActivityStateMachine;
import dev.conduit.proto.token.v1.TaskKind;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedByIdRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedByIdResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedResponse;

/**
 * RespondActivityTaskFailed(ById): the started attempt failed. Per the activity's retry policy the next
 * attempt is dispatched after a backoff (no event), or the activity fails (the workflow gets a task).
 */
public final class RespondActivityTaskFailed {
  private final ShardController shards;

  public RespondActivityTaskFailed(ShardController shards) {
    this.shards = shards;
  }

  public RespondActivityTaskFailedResponse invoke(String namespaceId, RespondActivityTaskFailedRequest request) {
    ActivityRef ref = ActivityRef.of(TaskTokens.decode(request.getTaskToken(), TaskKind.TASK_KIND_ACTIVITY, namespaceId));
    fail(ref, request.getFailure(), request.getIdentity(),
        request.hasLastHeartbeatDetails() ? request.getLastHeartbeatDetails() : null);
    return RespondActivityTaskFailedResponse.getDefaultInstance();
  }

  public RespondActivityTaskFailedByIdResponse invokeById(ActivityRef ref, RespondActivityTaskFailedByIdRequest request) {
    fail(ref, request.getFailure(), request.getIdentity(),
        request.hasLastHeartbeatDetails() ? request.getLastHeartbeatDetails() : null);
    return RespondActivityTaskFailedByIdResponse.getDefaultInstance();
  }

  private void fail(ActivityRef ref, Failure failure, String identity, Payloads lastHeartbeatDetails) {
    ShardContext shard = ActivityTasks.shard(shards, ref);
    Limits.requireBlob("Failure", failure, shard.config());
    Limits.requireBlob("LastHeartbeatDetails", lastHeartbeatDetails, shard.config());
    shard.update(ActivityTasks.key(shard, ref), tx -> ActivityStateMachine.fail(tx,
        ActivityTasks.startedAttempt(tx, ref), failure, identity, lastHeartbeatDetails));
  }
}
