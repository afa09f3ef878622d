package dev.conduit.history.api.recordactivitytaskheartbeat;

import dev.conduit.history.api.ActivityRef;
import dev.conduit.history.api.ActivityTasks;
import dev.conduit.history.api.Limits;
import dev.conduit.history.api.TaskTokens;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.workflow.ActivityStateMachine;
import dev.conduit.proto.persistence.v1.ActivityInfo;
import dev.conduit.proto.token.v1.TaskKind;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatByIdRequest;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatByIdResponse;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatRequest;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatResponse;

/**
 * RecordActivityTaskHeartbeat(ById): keeps the attempt's heartbeat deadline moving and stores its
 * details (a retried attempt gets them back); the answer tells the worker whether the workflow asked to
 * cancel the activity, and whether an operator paused or reset it.
 */
public final class RecordActivityTaskHeartbeat {
  private final ShardController shards;

  public RecordActivityTaskHeartbeat(ShardController shards) {
    this.shards = shards;
  }

  public RecordActivityTaskHeartbeatResponse invoke(String namespaceId, RecordActivityTaskHeartbeatRequest request) {
    ActivityRef ref = ActivityRef.of(TaskTokens.decode(request.getTaskToken(), TaskKind.TASK_KIND_ACTIVITY, namespaceId));
    ActivityInfo activity = heartbeat(ref, request.getDetails());
    return RecordActivityTaskHeartbeatResponse.newBuilder()
        .setCancelRequested(activity.getCancelRequested())
        .setActivityPaused(activity.getPaused())
        .setActivityReset(activity.getResetRequested())
        .build();
  }

  public RecordActivityTaskHeartbeatByIdResponse invokeById(ActivityRef ref, RecordActivityTaskHeartbeatByIdRequest request) {
    ActivityInfo activity = heartbeat(ref, request.getDetails());
    return RecordActivityTaskHeartbeatByIdResponse.newBuilder()
        .setCancelRequested(activity.getCancelRequested())
        .setActivityPaused(activity.getPaused())
        .setActivityReset(activity.getResetRequested())
        .build();
  }

  private ActivityInfo heartbeat(ActivityRef ref, Payloads details) {
    ShardContext shard = ActivityTasks.shard(shards, ref);
    Limits.requireBlob("Details", details, shard.config());
    return shard.update(ActivityTasks.key(shard, ref), tx -> {
      ActivityInfo activity = ActivityTasks.startedAttempt(tx, ref);
      ActivityStateMachine.heartbeat(tx, activity, details);
      return activity;
    });
  }
}
