package dev.conduit.history.api.activitycontrol;

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
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.PauseActivityRequest;
import io.temporal.api.workflowservice.v1.PauseActivityResponse;
import io.temporal.api.workflowservice.v1.ResetActivityRequest;
import io.temporal.api.workflowservice.v1.ResetActivityResponse;
import io.temporal.api.workflowservice.v1.UnpauseActivityRequest;
import io.temporal.api.workflowservice.v1.UnpauseActivityResponse;
import io.temporal.api.workflowservice.v1.UpdateActivityOptionsRequest;
import io.temporal.api.workflowservice.v1.UpdateActivityOptionsResponse;
import java.util.List;
import java.util.function.BiConsumer;

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
        (tx, activity) -> ActivityStateMachine.pause(tx, activity, request.getIdentity(), request.getReason()));
    return PauseActivityResponse.getDefaultInstance();
  }

  public UnpauseActivityResponse unpause(String namespaceId, UnpauseActivityRequest request) {
    Selector selector = Selector.of(request.getUnpauseAll(), request.hasType(), request.getType(), request.getId());
    apply(namespaceId, request.getExecution(), selector, (tx, activity) -> ActivityStateMachine.unpause(tx, activity,
        request.getResetAttempts(), request.getResetHeartbeat()));
    return UnpauseActivityResponse.getDefaultInstance();
  }

  public ResetActivityResponse reset(String namespaceId, ResetActivityRequest request) {
    if (request.getRestoreOriginalOptions()) {
      throw new InvalidRequestException("restore_original_options is not supported by this server");
    }
    Selector selector = Selector.of(request.getMatchAll(), request.hasType(), request.getType(), request.getId());
    apply(namespaceId, request.getExecution(), selector, (tx, activity) -> ActivityStateMachine.reset(tx, activity,
        request.getResetHeartbeat(), request.getKeepPaused()));
    return ResetActivityResponse.getDefaultInstance();
  }

  public UpdateActivityOptionsResponse updateOptions(String namespaceId, UpdateActivityOptionsRequest request) {
    if (request.getRestoreOriginal()) {
      throw new InvalidRequestException("restore_original is not supported by this server");
    }
    if (!request.hasActivityOptions() || request.getUpdateMask().getPathsCount() == 0) {
      throw new InvalidRequestException("activity_options and an update_mask naming what to change are required");
    }
    Selector selector = Selector.of(request.getMatchAll(), request.hasType(), request.getType(), request.getId());
    ActivityInfo[] first = new ActivityInfo[1];
    apply(namespaceId, request.getExecution(), selector, (tx, activity) -> {
      try {
        ActivityInfo changed = ActivityStateMachine.updateOptions(tx, activity, request.getActivityOptions(),
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

  private void apply(String namespaceId, WorkflowExecution execution, Selector selector,
      BiConsumer<WorkflowTransaction, ActivityInfo> change) {
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
      chosen.forEach(activity -> change.accept(tx, tx.state().activity(activity.getScheduledEventId())));
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
