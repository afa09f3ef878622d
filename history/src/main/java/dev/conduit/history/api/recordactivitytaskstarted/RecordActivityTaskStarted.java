package dev.conduit.history.api.recordactivitytaskstarted;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.history.api.TaskTokens;
import dev.conduit.history.workflow.Priorities;
import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.history.workflow.ActivityStateMachine;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.history.v1.RecordActivityTaskStartedRequest;
import dev.conduit.proto.persistence.v1.ActivityInfo;
import dev.conduit.proto.token.v1.TaskKind;
import dev.conduit.proto.token.v1.TaskToken;
import io.temporal.api.common.v1.ActivityType;
import io.temporal.api.common.v1.Header;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import java.time.Instant;

/**
 * RecordActivityTaskStarted (matching, when a poller takes an activity task): records that the current
 * attempt started and answers the worker's poll response. A dispatch for an activity that is gone,
 * started by another request, or still in its retry backoff is NOT_FOUND and matching drops it.
 */
public final class RecordActivityTaskStarted {
  private final ShardController shards;

  public RecordActivityTaskStarted(ShardController shards) {
    this.shards = shards;
  }

  private record Started(String workflowType, ActivityInfo activity) {}

  public PollActivityTaskQueueResponse invoke(RecordActivityTaskStartedRequest request) {
    PollActivityTaskQueueRequest poll = parsePoll(request.getPollRequest());
    WorkflowKey key = new WorkflowKey(request.getNamespaceId(), request.getWorkflowId(), request.getRunId());
    ShardContext shard = shards.shardFor(key.namespaceId(), key.workflowId());
    Started started = shard.update(key, tx -> {
      if (!tx.state().isRunning()) {
        throw new EntityNotFoundException("workflow execution already completed");
      }
      ActivityInfo activity = tx.state().activity(request.getScheduledEventId());
      if (activity == null) {
        throw new EntityNotFoundException("activity task not found");
      }
      if (activity.hasStartedTime()) {
        if (activity.getStartedRequestId().equals(request.getRequestId())) {
          return new Started(tx.state().info().getWorkflowType(), activity);
        }
        throw new EntityNotFoundException("activity task already started");
      }
      if (activity.getPaused()) {
        // dispatched before PauseActivity: UnpauseActivity dispatches it again
        throw new EntityNotFoundException("activity task not found: the activity is paused");
      }
      Instant attemptTime = ProtoTime.instant(activity.getCurrentAttemptScheduledTime());
      if (attemptTime.isAfter(tx.now())) {
        // An earlier attempt's dispatch: the retry timer will dispatch this attempt when its backoff ends.
        throw new EntityNotFoundException("activity task not found: attempt " + activity.getAttempt()
            + " is in its retry backoff");
      }
      ActivityInfo now = ActivityStateMachine.start(tx, activity, request.getRequestId(), poll.getIdentity());
      return new Started(tx.state().info().getWorkflowType(), now);
    });
    return response(shard, key, started.workflowType(), started.activity());
  }

  /** The task a worker gets for {@code activity}, started in a run of {@code workflowType} (also when started eagerly). */
  public static PollActivityTaskQueueResponse response(ShardContext shard, WorkflowKey key, String workflowType,
      ActivityInfo activity) {
    TaskToken token = TaskToken.newBuilder()
        .setNamespaceId(key.namespaceId())
        .setWorkflowId(key.workflowId())
        .setRunId(key.runId())
        .setScheduledEventId(activity.getScheduledEventId())
        .setAttempt(activity.getAttempt())
        .setActivityId(activity.getActivityId())
        .setActivityType(activity.getActivityType())
        .setKind(TaskKind.TASK_KIND_ACTIVITY)
        .build();
    PollActivityTaskQueueResponse.Builder response = PollActivityTaskQueueResponse.newBuilder()
        .setTaskToken(TaskTokens.encode(token))
        .setWorkflowNamespace(shard.namespaces().byId(key.namespaceId()).name())
        .setWorkflowType(WorkflowType.newBuilder().setName(workflowType))
        .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(key.workflowId()).setRunId(key.runId()))
        .setActivityType(ActivityType.newBuilder().setName(activity.getActivityType()))
        .setActivityId(activity.getActivityId())
        .setScheduledTime(activity.getScheduledTime())
        .setCurrentAttemptScheduledTime(activity.getCurrentAttemptScheduledTime())
        .setStartedTime(activity.getStartedTime())
        .setAttempt(activity.getAttempt())
        .setScheduleToCloseTimeout(activity.getScheduleToCloseTimeout())
        .setStartToCloseTimeout(activity.getStartToCloseTimeout())
        .setHeartbeatTimeout(activity.getHeartbeatTimeout())
        .setRetryPolicy(ActivityStateMachine.retryPolicy(activity));
    if (!activity.getInput().isEmpty()) {
      response.setInput(ActivityStateMachine.payloads(activity.getInput()));
    }
    if (!activity.getHeader().isEmpty()) {
      response.setHeader(parseHeader(activity.getHeader()));
    }
    if (!activity.getPriority().isEmpty()) {
      response.setPriority(Priorities.parse(activity.getPriority()));
    }
    if (!activity.getLastHeartbeatDetails().isEmpty()) {
      response.setHeartbeatDetails(ActivityStateMachine.payloads(activity.getLastHeartbeatDetails()));
    }
    return response.build();
  }

  private static Header parseHeader(ByteString bytes) {
    try {
      return Header.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt activity header", e);
    }
  }

  private static PollActivityTaskQueueRequest parsePoll(ByteString bytes) {
    try {
      return PollActivityTaskQueueRequest.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidRequestException("poll request is malformed");
    }
  }
}
