package dev.conduit.history.api.resetworkflow;

import dev.conduit.history.NamespaceEntry;
import dev.conduit.history.api.Limits;
import dev.conduit.history.api.RunLookup;
import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.errors.WorkflowBusyException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.workflow.ChildWorkflowStateMachine;
import dev.conduit.history.workflow.Events;
import dev.conduit.history.workflow.ExternalRequestStateMachine;
import dev.conduit.history.workflow.InboundRequests;
import dev.conduit.history.workflow.MutableState;
import dev.conduit.history.workflow.VersionHistories;
import dev.conduit.history.workflow.WorkflowLifecycle;
import dev.conduit.history.workflow.WorkflowTaskStateMachine;
import dev.conduit.history.workflow.WorkflowTransaction;
import dev.conduit.history.workflow.WorkflowUpdates;
import dev.conduit.persistence.execution.CreateMode;
import dev.conduit.persistence.execution.CurrentExecution;
import dev.conduit.persistence.execution.CurrentExecutionConflictException;
import dev.conduit.persistence.execution.HistoryBatch;
import dev.conduit.persistence.execution.HistoryPage;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.ExecutionInfo;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import io.temporal.api.enums.v1.ResetReapplyExcludeType;
import io.temporal.api.history.v1.WorkflowExecutionSignaledEventAttributes;
import io.temporal.api.workflow.v1.PostResetOperation;
import io.temporal.api.enums.v1.ResetReapplyType;
import io.temporal.api.enums.v1.UpdateAdmittedEventOrigin;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.update.v1.Request;
import io.temporal.api.workflowservice.v1.ResetWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.ResetWorkflowExecutionResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * ResetWorkflowExecution: a new run of the workflow whose history is the base run's up to a workflow task (the
 * events before {@code workflow_task_finish_event_id}, shared through a fork of the base's history branch), that
 * task failed with cause RESET_WORKFLOW, and the signals and updates the base received after that point reapplied
 * (unless excluded); a new workflow task then runs the workflow code again from there. The current run of the
 * workflow id, if it still runs, is terminated with the reset's reason; the new run becomes current. Repeating a
 * reset with the same request id answers the run it made.
 *
 * <p>The base run may be any run of the id, closed or not. A reset point must end a workflow task's scheduled or
 * started event (Temporal's range [WorkflowTaskScheduled + 1, WorkflowTaskStarted + 1]).
 *
 * <p>Child workflows, signals and cancellations of other workflows the base initiated before the point and had not
 * seen through by then are carried over, as Temporal's reset does: the new run holds them pending with the base's
 * request ids (a start or signal the base sent finds the same child, is not taken twice), what became of them after
 * the point in the base is recorded again in the new run, and what is still outstanding is sent by the new run. The
 * base, terminated by the reset, keeps a link to the new run: its close leaves the carried children alone, and a
 * child reporting its close to the base is sent on to the new run.
 */
public final class ResetWorkflow {
  private final ShardController shards;

  public ResetWorkflow(ShardController shards) {
    this.shards = shards;
  }

  public ResetWorkflowExecutionResponse invoke(String namespaceId, ResetWorkflowExecutionRequest request) {
    String workflowId = request.getWorkflowExecution().getWorkflowId();
    ShardContext shard = shards.shardFor(namespaceId, workflowId);
    Limits.requireId("WorkflowId", workflowId, shard.config());
    String requestId = request.getRequestId().isEmpty() ? UUID.randomUUID().toString() : request.getRequestId();
    WorkflowKey baseKey = RunLookup.resolve(shard, namespaceId, workflowId, request.getWorkflowExecution().getRunId());
    NamespaceEntry namespace = shard.namespaces().byId(namespaceId);
    for (int attempt = 0; attempt < shard.config().maxConditionRetries(); attempt++) {
      CurrentExecution current = shard.currentExecution(namespaceId, workflowId)
          .orElseThrow(() -> new EntityNotFoundException("workflow execution not found"));
      if (current.createRequestId().equals(requestId)) {
        return response(current.runId());
      }
      WorkflowKey currentKey = new WorkflowKey(namespaceId, workflowId, current.runId());
      // read before the histories: whatever the current run takes after this read (a signal) makes the terminate
      // below refuse, and the reset reads again, so nothing the run took is left out of the new run
      long currentTransitions = current.state().isOpen() ? shard.read(currentKey).getStateTransitionCount() : 0;
      MutableStateRecord base = shard.read(baseKey);
      BaseHistory history = BaseHistory.read(shard, base, request.getWorkflowTaskFinishEventId());
      List<HistoryEvent> laterRuns = laterRunsOfTheChain(shard, base);
      // everything is checked before anything is written: a refused reset changes nothing
      String newRunId = UUID.randomUUID().toString();
      WorkflowTransaction created = build(shard, namespace, base, history, laterRuns, newRunId, requestId, request);
      // the base links to the new run: its close leaves the children the new run carries over alone, and they report
      // their close to the new run
      long resetPoint = currentKey.equals(baseKey) ? resetPointOf(created, newRunId) : 0;
      if (current.state().isOpen()
          && !terminate(shard, currentKey, currentTransitions, request.getReason(), newRunId, resetPoint)) {
        continue; // the current run changed since it was read: read it all again
      }
      if (history.forkAt() >= 2) {
        // else the point lies in the first batch: every event is carried, onto the run's own root branch
        created.state().moveToBranch(shard.store().forkHistoryBranch(history.baseToken(), history.forkAt()));
      }
      try {
        shard.create(created, CreateMode.REUSE_CLOSED_RUN, current.runId());
        return response(newRunId);
      } catch (CurrentExecutionConflictException e) {
        // another run became current meanwhile (a start, or a reset that raced this one): look again
      }
    }
    throw new WorkflowBusyException("workflow id " + workflowId + " keeps changing, try again");
  }

  /**
   * The new run's creation, on its own root branch until the caller moves it to the fork; throws, before anything is
   * written, when the reset is not possible.
   */
  private static WorkflowTransaction build(ShardContext shard, NamespaceEntry namespace, MutableStateRecord base,
      BaseHistory history, List<HistoryEvent> laterRuns, String newRunId, String requestId,
      ResetWorkflowExecutionRequest request) {
    ExecutionInfo identity = ExecutionInfo.newBuilder()
        .setNamespaceId(base.getExecutionInfo().getNamespaceId())
        .setWorkflowId(base.getExecutionInfo().getWorkflowId())
        .setRunId(newRunId)
        .setCreateRequestId(requestId)
        .build();
    MutableState fresh = MutableState.newRun(identity);
    WorkflowTransaction tx = WorkflowTransaction.rebuilt(fresh, history.shared(), history.carried(), namespace,
        shard.config(), shard.clock().instant());
    long resetEventId = request.getWorkflowTaskFinishEventId();
    if (fresh.workflowTask() == null) {
      throw new InvalidRequestException("Can only reset workflow to event ID in range [WorkflowTaskScheduled +1, "
          + "WorkflowTaskStarted + 1]: " + resetEventId);
    }
    long forkVersion = history.lastSharedVersion();
    WorkflowTaskStateMachine.failForReset(tx, request.getReason(), base.getExecutionInfo().getRunId(), newRunId,
        forkVersion);
    ChildWorkflowStateMachine.carryOver(tx, base);
    ExternalRequestStateMachine.carryOver(tx, base);
    Set<ResetReapplyExcludeType> excluded = excluded(request);
    Map<String, Request> admittedRequests = new HashMap<>();
    reapply(tx, history.after(), excluded, admittedRequests, true);
    reapply(tx, laterRuns, excluded, admittedRequests, false);
    signalAfterReset(tx, request);
    tx.requestWorkflowTask();
    tx.finish();
    return tx;
  }

  /**
   * The request's post-reset operations, as Temporal applies them: each {@code signal_workflow} is a signal to the new
   * run, written in the reset's own write after what was reapplied (the frontend refuses the other kinds).
   */
  private static void signalAfterReset(WorkflowTransaction tx, ResetWorkflowExecutionRequest request) {
    for (PostResetOperation operation : request.getPostResetOperationsList()) {
      if (!operation.hasSignalWorkflow()) {
        throw new InvalidRequestException("post-reset operation " + operation.getVariantCase()
            + " is not supported by this server");
      }
      PostResetOperation.SignalWorkflow signal = operation.getSignalWorkflow();
      InboundRequests.signal(tx, WorkflowExecutionSignaledEventAttributes.newBuilder()
          .setSignalName(signal.getSignalName())
          .setInput(signal.getInput())
          .setHeader(signal.getHeader())
          .setIdentity(request.getIdentity())
          .build(), "", false);
    }
  }

  /** At most this many later runs of a continue-as-new chain are read for what to reapply. */
  static final int MAX_LATER_RUNS = 100;

  /**
   * The events of the runs the base continued as new into, run after run, as Temporal reapplies them: a reset of an
   * earlier run of a chain keeps the signals and updates its later runs received. Empty when the base did not
   * continue as new; a later run already deleted (its retention over) ends the chain there.
   */
  private static List<HistoryEvent> laterRunsOfTheChain(ShardContext shard, MutableStateRecord base) {
    List<HistoryEvent> events = new ArrayList<>();
    MutableStateRecord run = base;
    for (int read = 0; read < MAX_LATER_RUNS; read++) {
      if (run.getCompletionEvent().isEmpty()) {
        break;
      }
      HistoryEvent close = Events.decode(run.getCompletionEvent());
      if (!close.hasWorkflowExecutionContinuedAsNewEventAttributes()) {
        break;
      }
      WorkflowKey next = new WorkflowKey(run.getExecutionInfo().getNamespaceId(), run.getExecutionInfo().getWorkflowId(),
          close.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId());
      try {
        run = shard.read(next);
      } catch (EntityNotFoundException e) {
        break;
      }
      events.addAll(allEvents(shard, run));
    }
    return events;
  }

  /** A run's whole history (its current branch) and its buffered events. */
  private static List<HistoryEvent> allEvents(ShardContext shard, MutableStateRecord run) {
    List<HistoryEvent> events = new ArrayList<>(shard.readEvents(
        VersionHistories.current(run.getVersionHistories()).getBranchToken().toByteArray(), 1, run.getNextEventId()));
    run.getBufferedEventsList().forEach(bytes -> events.add(Events.decode(bytes)));
    return events;
  }

  /**
   * Signals and updates a run received after the reset point, in their order, written again as new events; with
   * {@code outcomes} (the base's own events, not a later run's), also what became of the children, signals and
   * cancellations the new run carries over (never excluded, as in Temporal). {@code admittedRequests} collects the
   * requests of admitted updates, by update id, for an acceptance that names its admitted event.
   */
  private static void reapply(WorkflowTransaction tx, List<HistoryEvent> after, Set<ResetReapplyExcludeType> excluded,
      Map<String, Request> admittedRequests, boolean outcomes) {
    for (HistoryEvent event : after) {
      if (outcomes && (ChildWorkflowStateMachine.reapplyOutcome(tx, event)
          || ExternalRequestStateMachine.reapplyOutcome(tx, event))) {
        continue;
      }
      switch (event.getEventType()) {
        case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED -> {
          if (!excluded.contains(ResetReapplyExcludeType.RESET_REAPPLY_EXCLUDE_TYPE_SIGNAL)) {
            InboundRequests.signal(tx, event.getWorkflowExecutionSignaledEventAttributes(), "", false);
          }
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED -> {
          Request request = event.getWorkflowExecutionUpdateAdmittedEventAttributes().getRequest();
          admittedRequests.put(request.getMeta().getUpdateId(), request);
          reapplyUpdate(tx, request, excluded);
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED -> {
          var accepted = event.getWorkflowExecutionUpdateAcceptedEventAttributes();
          Request request = accepted.hasAcceptedRequest()
              ? accepted.getAcceptedRequest() : admittedRequests.get(accepted.getProtocolInstanceId());
          if (request != null) {
            reapplyUpdate(tx, request, excluded);
          }
        }
        default -> { }
      }
    }
  }

  private static void reapplyUpdate(WorkflowTransaction tx, Request request, Set<ResetReapplyExcludeType> excluded) {
    if (!excluded.contains(ResetReapplyExcludeType.RESET_REAPPLY_EXCLUDE_TYPE_UPDATE)) {
      WorkflowUpdates.admit(tx, request, UpdateAdmittedEventOrigin.UPDATE_ADMITTED_EVENT_ORIGIN_REAPPLY);
    }
  }

  /**
   * What is not reapplied: the exclude types, and what the older reapply type leaves out (NONE: everything;
   * SIGNAL: updates).
   */
  static Set<ResetReapplyExcludeType> excluded(ResetWorkflowExecutionRequest request) {
    Set<ResetReapplyExcludeType> excluded = EnumSet.noneOf(ResetReapplyExcludeType.class);
    for (ResetReapplyExcludeType type : request.getResetReapplyExcludeTypesList()) {
      if (type != ResetReapplyExcludeType.UNRECOGNIZED) {
        excluded.add(type);
      }
    }
    @SuppressWarnings("deprecation")
    ResetReapplyType type = request.getResetReapplyType();
    if (type == ResetReapplyType.RESET_REAPPLY_TYPE_NONE) {
      excluded.add(ResetReapplyExcludeType.RESET_REAPPLY_EXCLUDE_TYPE_SIGNAL);
      excluded.add(ResetReapplyExcludeType.RESET_REAPPLY_EXCLUDE_TYPE_UPDATE);
    } else if (type == ResetReapplyType.RESET_REAPPLY_TYPE_SIGNAL) {
      excluded.add(ResetReapplyExcludeType.RESET_REAPPLY_EXCLUDE_TYPE_UPDATE);
    }
    return excluded;
  }

  /** The new run's WorkflowTaskFailed event of the reset (the events carried from the base may hold others). */
  private static long resetPointOf(WorkflowTransaction created, String newRunId) {
    return created.events().stream()
        .filter(event -> event.getWorkflowTaskFailedEventAttributes().getNewRunId().equals(newRunId))
        .findFirst().orElseThrow().getEventId();
  }

  /**
   * Terminates the run unless it changed since it had {@code transitions} state transitions; returns whether the run
   * was as read (and is terminated now, or had closed meanwhile by itself, which the create then sees). The
   * termination links to the new run's reset point when the run is the reset's base ({@code resetPoint} &gt; 0).
   */
  private static boolean terminate(ShardContext shard, WorkflowKey key, long transitions, String reason,
      String newRunId, long resetPoint) {
    return shard.update(key, tx -> {
      if (tx.state().stateTransitionCount() != transitions) {
        return false;
      }
      if (tx.state().isRunning()) {
        WorkflowLifecycle.terminateForReset(tx, reason, newRunId, resetPoint);
      }
      return true;
    });
  }

  private static ResetWorkflowExecutionResponse response(String runId) {
    return ResetWorkflowExecutionResponse.newBuilder().setRunId(runId).build();
  }

  /**
   * The base run's history cut at the reset point: {@code shared} the events below {@code forkAt} (the fork shares
   * them), {@code carried} those from {@code forkAt} up to the reset point (the batch holding the point started
   * earlier, and a fork can only share whole batches), {@code after} the events from the reset point on and the
   * base's buffered ones.
   */
  record BaseHistory(byte[] baseToken, long forkAt, List<HistoryEvent> shared, List<HistoryEvent> carried,
      List<HistoryEvent> after, long lastSharedVersion) {

    static BaseHistory read(ShardContext shard, MutableStateRecord base, long resetEventId) {
      long next = base.getNextEventId();
      if (resetEventId <= 1 || resetEventId >= next) {
        throw new InvalidRequestException("Workflow task finish ID must be > 1 && <= workflow last event ID.");
      }
      byte[] token = VersionHistories.current(base.getVersionHistories()).getBranchToken().toByteArray();
      List<HistoryEvent> before = new ArrayList<>();
      List<HistoryEvent> after = new ArrayList<>();
      long lastBatchFirst = 1;
      long lastBatchLast = 0;
      byte[] pageToken = null;
      do {
        HistoryPage page = shard.store().readHistory(token, 1, next, 100, pageToken);
        for (HistoryBatch batch : page.batches()) {
          if (batch.firstEventId() < resetEventId) {
            lastBatchFirst = batch.firstEventId();
            lastBatchLast = batch.lastEventId();
          }
          for (HistoryEvent event : Events.decodeBatch(batch.events())) {
            (event.getEventId() < resetEventId ? before : after).add(event);
          }
        }
        pageToken = page.nextPageToken();
      } while (pageToken != null && pageToken.length > 0);
      if (before.size() != resetEventId - 1) {
        throw new IllegalStateException("history of run " + base.getExecutionInfo().getRunId() + " has "
            + before.size() + " events before " + resetEventId);
      }
      base.getBufferedEventsList().forEach(bytes -> after.add(Events.decode(bytes)));
      long forkAt = lastBatchLast == resetEventId - 1 ? resetEventId : lastBatchFirst;
      // a fork shares at least event 1; a reset point inside the first batch copies all of it to a new tree
      int sharedCount = forkAt < 2 ? 0 : (int) (forkAt - 1);
      List<HistoryEvent> shared = before.subList(0, sharedCount);
      List<HistoryEvent> carried = before.subList(sharedCount, before.size());
      return new BaseHistory(token, forkAt, List.copyOf(shared), List.copyOf(carried), after,
          before.get(before.size() - 1).getVersion());
    }
  }
}
