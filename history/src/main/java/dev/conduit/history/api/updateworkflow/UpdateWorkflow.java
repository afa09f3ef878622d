package dev.conduit.history.api.updateworkflow;

import dev.conduit.history.api.HistoryPages;
import dev.conduit.history.api.Limits;
import dev.conduit.history.api.RunLookup;
import dev.conduit.history.api.StateWaiter;
import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.errors.WorkflowCompletedException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.updates.UpdateProtocol;
import dev.conduit.history.updates.UpdateRegistry;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import dev.conduit.proto.persistence.v1.UpdateInfo;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.update.v1.Outcome;
import io.temporal.api.update.v1.Request;
import io.temporal.api.update.v1.UpdateRef;
import io.temporal.api.workflowservice.v1.PollWorkflowExecutionUpdateRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowExecutionUpdateResponse;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * UpdateWorkflowExecution and PollWorkflowExecutionUpdate. An update is admitted into the shard's in-memory
 * registry (no event is written; a speculative workflow task is scheduled unless the run has a task, and a
 * completion that only rejects discards it, so a rejected update leaves no trace in history) and travels to the
 * worker as a message of the next workflow task; the worker's acceptance and response become events. A request whose
 * update id the run already has (admitted, accepted or completed) joins it instead: updates are deduplicated by
 * id. The call waits for the stage asked for (ACCEPTED or COMPLETED) up to the caller's deadline or the long
 * poll, whichever is first, and then answers the stage reached; the SDKs ask again. A rejection completes the
 * update with the workflow's failure; a run that closes before accepting an update aborts it (NOT_FOUND), one
 * that closes before completing an accepted update completes it with a server failure, as in Temporal.
 */
public final class UpdateWorkflow {
  private static final Duration DEADLINE_MARGIN = Duration.ofMillis(500);

  private final ShardController shards;
  private final StateWaiter waiter;

  public UpdateWorkflow(ShardController shards, ScheduledExecutorService scheduler) {
    this.shards = shards;
    this.waiter = new StateWaiter(scheduler);
  }

  /** @param callTimeout time left until the caller's deadline, or null when it has none */
  public UpdateWorkflowExecutionResponse update(String namespaceId, UpdateWorkflowExecutionRequest request,
      Duration callTimeout) {
    String workflowId = request.getWorkflowExecution().getWorkflowId();
    ShardContext shard = shards.shardFor(namespaceId, workflowId);
    validate(request, shard);
    WorkflowKey key = RunLookup.resolve(shard, namespaceId, workflowId, request.getWorkflowExecution().getRunId());
    if (!request.getFirstExecutionRunId().isEmpty()
        && !request.getFirstExecutionRunId().equals(shard.read(key).getExecutionInfo().getFirstRunId())) {
      throw new EntityNotFoundException("workflow execution not found: first execution run id "
          + request.getFirstExecutionRunId() + " does not match");
    }
    return updateRun(shard, key, request, callTimeout);
  }

  /** Admits (or joins) the update on run {@code key} and waits for the stage asked for. */
  UpdateWorkflowExecutionResponse updateRun(ShardContext shard, WorkflowKey key, UpdateWorkflowExecutionRequest request,
      Duration callTimeout) {
    UpdateRegistry.Admitted admitted = admit(shard, key, request.getRequest());
    return awaitResponse(shard, key, request, admitted, callTimeout);
  }

  /** Waits for update {@code request} already admitted (or accepted) on run {@code key} to reach its stage. */
  UpdateWorkflowExecutionResponse awaitResponse(ShardContext shard, WorkflowKey key,
      UpdateWorkflowExecutionRequest request, UpdateRegistry.Admitted admitted, Duration callTimeout) {
    String updateId = request.getRequest().getMeta().getUpdateId();
    Stage reached = await(shard, key, updateId, admitted, stage(request.getWaitPolicy().getLifecycleStage()),
        callTimeout);
    UpdateWorkflowExecutionResponse.Builder response = UpdateWorkflowExecutionResponse.newBuilder()
        .setUpdateRef(ref(key, updateId))
        .setStage(reached.stage());
    reached.outcome().ifPresent(response::setOutcome);
    return response.build();
  }

  /** The validation of an update request that needs no run. */
  static void validate(UpdateWorkflowExecutionRequest request, ShardContext shard) {
    Request update = request.getRequest();
    Limits.requireId("WorkflowId", request.getWorkflowExecution().getWorkflowId(), shard.config());
    Limits.requireId("UpdateId", update.getMeta().getUpdateId(), shard.config());
    Limits.requireId("UpdateName", update.getInput().getName(), shard.config());
    Limits.requireBlob("Update input", update.getInput(), shard.config());
  }

  /** The outcome of update {@code updateId} when run {@code state} completed it; empty otherwise. */
  static Optional<Outcome> completedOutcome(ShardContext shard, MutableStateRecord state, String updateId) {
    UpdateInfo info = state.getUpdatesOrDefault(updateId, null);
    return info == null || info.getCompletedEventId() == 0 ? Optional.empty() : Optional.of(outcome(shard, state, info));
  }

  /** @param callTimeout time left until the caller's deadline, or null when it has none */
  public PollWorkflowExecutionUpdateResponse poll(String namespaceId, PollWorkflowExecutionUpdateRequest request,
      Duration callTimeout) {
    WorkflowExecution execution = request.getUpdateRef().getWorkflowExecution();
    String updateId = request.getUpdateRef().getUpdateId();
    ShardContext shard = shards.shardFor(namespaceId, execution.getWorkflowId());
    Limits.requireId("WorkflowId", execution.getWorkflowId(), shard.config());
    Limits.requireId("UpdateId", updateId, shard.config());
    WorkflowKey key = RunLookup.resolve(shard, namespaceId, execution.getWorkflowId(), execution.getRunId());
    UpdateRegistry.Admitted admitted = shard.updates().find(key, updateId);
    if (admitted == null && shard.read(key).getUpdatesOrDefault(updateId, null) == null) {
      throw new EntityNotFoundException("update " + updateId + " not found");
    }
    Stage reached = await(shard, key, updateId, admitted, stage(request.getWaitPolicy().getLifecycleStage()),
        callTimeout);
    PollWorkflowExecutionUpdateResponse.Builder response = PollWorkflowExecutionUpdateResponse.newBuilder()
        .setUpdateRef(ref(key, updateId))
        .setStage(reached.stage());
    reached.outcome().ifPresent(response::setOutcome);
    return response.build();
  }

  /**
   * Admits the update, or finds it when the run has it already; null when the run knows it durably (accepted, or
   * admitted by a reset).
   */
  static UpdateRegistry.Admitted admit(ShardContext shard, WorkflowKey key, Request update) {
    String updateId = update.getMeta().getUpdateId();
    UpdateRegistry.Admitted[] created = new UpdateRegistry.Admitted[1];
    try {
      return shard.update(key, tx -> {
        if (tx.state().knowsUpdate(updateId)) {
          return null;
        }
        if (!tx.state().isRunning()) {
          throw new WorkflowCompletedException();
        }
        UpdateRegistry.Admitted known = shard.updates().find(key, updateId);
        // an admitted update needs a workflow task to carry it: a speculative one, scheduled unless the run has a
        // task (an update admitted by an attempt of this change that lost a conflicting write has none yet)
        tx.requestSpeculativeWorkflowTask();
        if (known != null) {
          return known;
        }
        created[0] = shard.updates().admit(key, update);
        return created[0];
      });
    } catch (RuntimeException e) {
      if (created[0] != null) {
        // the workflow task that would carry it may not exist: the caller's retry admits it again
        shard.updates().remove(key, updateId);
      }
      throw e;
    }
  }

  private Stage await(ShardContext shard, WorkflowKey key, String updateId, UpdateRegistry.Admitted admitted,
      UpdateWorkflowExecutionLifecycleStage wanted, Duration callTimeout) {
    Duration wait = shard.config().longPollTimeout();
    if (callTimeout != null && callTimeout.minus(DEADLINE_MARGIN).compareTo(wait) < 0) {
      wait = callTimeout.minus(DEADLINE_MARGIN);
    }
    MutableStateRecord state = shard.read(key);
    if (!settled(state, updateId, admitted, wanted)) {
      state = waiter.await(shard, key, s -> settled(s, updateId, admitted, wanted),
              System.nanoTime() + Math.max(0, wait.toNanos()))
          .join()
          .orElseGet(() -> shard.read(key));
    }
    return stageOf(shard, state, updateId, admitted);
  }

  /** Whether the update reached {@code wanted} or can go no further (a cheap check, made on every change). */
  private static boolean settled(MutableStateRecord state, String updateId, UpdateRegistry.Admitted admitted,
      UpdateWorkflowExecutionLifecycleStage wanted) {
    UpdateInfo info = state.getUpdatesOrDefault(updateId, null);
    return (info != null && info.getCompletedEventId() != 0)
        || (admitted != null && admitted.rejection() != null)
        || !ExecutionState.ofCode(state.getState()).isOpen()
        || (info != null && info.getAcceptedEventId() != 0
            && wanted == UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED);
  }

  /**
   * The answer for the update as {@code state} has it: completed (with its outcome, the workflow's rejection, or
   * the server failure of a run closed before completing it), accepted, or admitted; NOT_FOUND when the run closed
   * before accepting it.
   */
  private static Stage stageOf(ShardContext shard, MutableStateRecord state, String updateId,
      UpdateRegistry.Admitted admitted) {
    UpdateInfo info = state.getUpdatesOrDefault(updateId, null);
    if (info != null && info.getCompletedEventId() != 0) {
      return completed(outcome(shard, state, info));
    }
    if (admitted != null && admitted.rejection() != null) {
      return completed(Outcome.newBuilder().setFailure(admitted.rejection()).build());
    }
    boolean running = ExecutionState.ofCode(state.getState()).isOpen();
    if (info != null && info.getAcceptedEventId() != 0) {
      return running
          ? new Stage(UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED,
              Optional.empty())
          : completed(Outcome.newBuilder().setFailure(UpdateProtocol.RUN_CLOSED_BEFORE_COMPLETION).build());
    }
    if (!running) {
      throw new EntityNotFoundException("workflow update was aborted by closing workflow");
    }
    return new Stage(UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED,
        Optional.empty());
  }

  /** The outcome recorded in the update's WorkflowExecutionUpdateCompleted event. */
  private static Outcome outcome(ShardContext shard, MutableStateRecord state, UpdateInfo info) {
    long eventId = info.getCompletedEventId();
    HistoryPages.Page page = HistoryPages.read(shard, HistoryPages.branchOf(state), eventId, eventId + 1, 100, null);
    return page.events().stream()
        .filter(e -> e.getEventId() == eventId)
        .findFirst()
        .map(HistoryEvent::getWorkflowExecutionUpdateCompletedEventAttributes)
        .orElseThrow(() -> new IllegalStateException("update completed event " + eventId + " is missing"))
        .getOutcome();
  }

  private static UpdateWorkflowExecutionLifecycleStage stage(UpdateWorkflowExecutionLifecycleStage asked) {
    return asked == UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED
        ? asked : UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED;
  }

  private static Stage completed(Outcome outcome) {
    return new Stage(UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED,
        Optional.of(outcome));
  }

  static UpdateRef ref(WorkflowKey key, String updateId) {
    return UpdateRef.newBuilder()
        .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(key.workflowId()).setRunId(key.runId()))
        .setUpdateId(updateId)
        .build();
  }

  private record Stage(UpdateWorkflowExecutionLifecycleStage stage, Optional<Outcome> outcome) {}
}
