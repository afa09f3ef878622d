package dev.conduit.history.api.activitycontrol;

import dev.conduit.history.api.HistoryPages;
import dev.conduit.history.api.Limits;
import dev.conduit.history.api.RunLookup;
import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.workflow.ActivityStateMachine;
import dev.conduit.history.workflow.WorkflowTransaction;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.ActivityInfo;
import io.temporal.api.activity.v1.ActivityOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.PauseActivityRequest;
import io.temporal.api.workflowservice.v1.PauseActivityResponse;
import io.temporal.api.workflowservice.v1.ResetActivityRequest;
import io.temporal.api.workflowservice.v1.ResetActivityResponse;
import io.temporal.api.workflowservice.v1.UnpauseActivityRequest;
import io.temporal.api.workflowservice.v1.UnpauseActivityResponse;
import io.temporal.api.workflowservice.v1.UpdateActivityOptionsRequest;
import io.temporal.api.workflowservice.v1.UpdateActivityOptionsResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An operator's hand on a workflow's pending activities (PauseActivity, UnpauseActivity, ResetActivity,
 * UpdateActivityOptions): the activities named by id, by type, or all of them, changed in one write of the run; none
 * is recorded in history.
 * Naming no pending activity answers NOT_FOUND and changes nothing; a closed run answers NOT_FOUND.
 */
public final class ActivityControl {
  private final ShardController shards;

  public ActivityControl(ShardController shards) {
    this.shards = shards;
  }

  public PauseActivityResponse pause(String namespaceId, PauseActivityRequest request) {
    Selector selector = Selector.of(false, request.hasType(), request.getType(), request.getId());
    apply(namespaceId, request.getExecution(), selector,
        (shard, tx, activity) -> ActivityStateMachine.pause(tx, activity, request.getIdentity(), request.getReason()));
    return PauseActivityResponse.getDefaultInstance();
  }

  public UnpauseActivityResponse unpause(String namespaceId, UnpauseActivityRequest request) {
    Selector selector = Selector.of(request.getUnpauseAll(), request.hasType(), request.getType(), request.getId());
    com.google.protobuf.Duration jitter = jitter(request.getJitter());
    apply(namespaceId, request.getExecution(), selector, (shard, tx, activity) -> ActivityStateMachine.unpause(tx, activity,
        request.getResetAttempts(), request.getResetHeartbeat(), randomWithin(jitter)));
    return UnpauseActivityResponse.getDefaultInstance();
  }

  public ResetActivityResponse reset(String namespaceId, ResetActivityRequest request) {
    Selector selector = Selector.of(request.getMatchAll(), request.hasType(), request.getType(), request.getId());
    com.google.protobuf.Duration jitter = jitter(request.getJitter());
    apply(namespaceId, request.getExecution(), selector, (shard, tx, activity) -> {
      ActivityInfo current = activity;
      if (request.getRestoreOriginalOptions()) {
        current = ActivityStateMachine.updateOptions(tx, activity, originalOptions(shard, tx, activity), ALL_OPTIONS);
      }
      ActivityStateMachine.reset(tx, current, request.getResetHeartbeat(), request.getKeepPaused(),
          randomWithin(jitter));
    });
    return ResetActivityResponse.getDefaultInstance();
  }

  public UpdateActivityOptionsResponse updateOptions(String namespaceId, UpdateActivityOptionsRequest request) {
    if (!request.getRestoreOriginal()
        && (!request.hasActivityOptions() || request.getUpdateMask().getPathsCount() == 0)) {
      throw new InvalidRequestException("activity_options and an update_mask naming what to change are required"
          + " (or restore_original)");
    }
    Selector selector = Selector.of(request.getMatchAll(), request.hasType(), request.getType(), request.getId());
    ActivityInfo[] first = new ActivityInfo[1];
    apply(namespaceId, request.getExecution(), selector, (shard, tx, activity) -> {
      try {
        ActivityInfo changed = request.getRestoreOriginal()
            ? ActivityStateMachine.updateOptions(tx, activity, originalOptions(shard, tx, activity), ALL_OPTIONS)
            : ActivityStateMachine.updateOptions(tx, activity, request.getActivityOptions(),
                request.getUpdateMask().getPathsList());
        if (first[0] == null) {
          first[0] = changed;
        }
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException(e.getMessage());
      }
    });
    return UpdateActivityOptionsResponse.newBuilder()
        .setActivityOptions(ActivityStateMachine.optionsOf(first[0]))
        .build();
  }

  private static com.google.protobuf.Duration jitter(com.google.protobuf.Duration jitter) {
    if (jitter.getSeconds() < 0 || jitter.getNanos() < 0) {
      throw new InvalidRequestException("jitter must not be negative");
    }
    return jitter;
  }

  /**
   * When a waiting activity's attempt goes out after an unpause or reset with {@code jitter}: at a random time within
   * it, each activity its own (as Temporal), so that many activities unpaused together do not reach their workers at
   * once; no jitter, at once.
   */
  private static Duration randomWithin(com.google.protobuf.Duration jitter) {
    long millis = jitter.getSeconds() * 1000 + jitter.getNanos() / 1_000_000;
    return millis <= 0 ? Duration.ZERO : Duration.ofMillis(ThreadLocalRandom.current().nextLong(millis));
  }

  /** Every option UpdateActivityOptions can change: what restoring the original options sets. */
  private static final List<String> ALL_OPTIONS = List.of("task_queue", "schedule_to_close_timeout",
      "schedule_to_start_timeout", "start_to_close_timeout", "heartbeat_timeout", "retry_policy", "priority");

  /** A change of one chosen activity, in the run's transaction. */
  @FunctionalInterface
  private interface Change {
    void apply(ShardContext shard, WorkflowTransaction tx, ActivityInfo activity);
  }

  /**
   * The options the activity was scheduled with (restore_original, restore_original_options): those its
   * ActivityTaskScheduled event records, as the workflow task that scheduled it gave them and the server completed.
   */
  private static ActivityOptions originalOptions(ShardContext shard, WorkflowTransaction tx, ActivityInfo activity) {
    long id = activity.getScheduledEventId();
    List<HistoryEvent> events = HistoryPages.read(shard, tx.state().versionHistory().getBranchToken().toByteArray(),
        id, id + 1, 1, null).events();
    if (events.isEmpty() || !events.get(0).hasActivityTaskScheduledEventAttributes()) {
      throw new IllegalStateException("activity " + activity.getActivityId() + " has no scheduled event " + id);
    }
    ActivityTaskScheduledEventAttributes scheduled = events.get(0).getActivityTaskScheduledEventAttributes();
    ActivityOptions.Builder options = ActivityOptions.newBuilder()
        .setTaskQueue(scheduled.getTaskQueue())
        .setScheduleToCloseTimeout(scheduled.getScheduleToCloseTimeout())
        .setScheduleToStartTimeout(scheduled.getScheduleToStartTimeout())
        .setStartToCloseTimeout(scheduled.getStartToCloseTimeout())
        .setHeartbeatTimeout(scheduled.getHeartbeatTimeout())
        .setRetryPolicy(scheduled.getRetryPolicy());
    if (scheduled.hasPriority()) {
      options.setPriority(scheduled.getPriority());
    }
    return options.build();
  }

  private void apply(String namespaceId, WorkflowExecution execution, Selector selector, Change change) {
    String workflowId = execution.getWorkflowId();
    ShardContext shard = shards.shardFor(namespaceId, workflowId);
    Limits.requireId("WorkflowId", workflowId, shard.config());
    WorkflowKey key = RunLookup.resolve(shard, namespaceId, workflowId, execution.getRunId());
    shard.update(key, tx -> {
      if (!tx.state().isRunning()) {
        throw new EntityNotFoundException("workflow execution already completed");
      }
      List<ActivityInfo> chosen = tx.state().activities().stream().filter(selector::matches).toList();
      if (chosen.isEmpty()) {
        throw new EntityNotFoundException("no pending activity " + selector.describe() + " in workflow " + workflowId);
      }
      // each change reads the activity as the changes before it left it
      chosen.forEach(activity -> change.apply(shard, tx, tx.state().activity(activity.getScheduledEventId())));
      return null;
    });
  }

  /** Which pending activities a request names. */
  private record Selector(String id, String type) {
    /** All activities, those of {@code type} when the request names a type, else the one with {@code id}. */
    static Selector of(boolean all, boolean byType, String type, String id) {
      if (all) {
        return new Selector(null, null);
      }
      if (byType) {
        if (type.isEmpty()) {
          throw new InvalidRequestException("activity type must not be empty");
        }
        return new Selector(null, type);
      }
      if (id.isEmpty()) {
        throw new InvalidRequestException("an activity id, an activity type or all activities must be given");
      }
      return new Selector(id, null);
    }

    boolean matches(ActivityInfo activity) {
      return (id == null || id.equals(activity.getActivityId())) && (type == null || type.equals(activity.getActivityType()));
    }

    String describe() {
      return id != null ? "with id " + id : type != null ? "of type " + type : "at all";
    }
  }
}
