package dev.conduit.history.api.getworkflowhistory;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.history.HistoryConfig;
import dev.conduit.history.api.HistoryPages;
import dev.conduit.history.api.Limits;
import dev.conduit.history.api.StateWaiter;
import dev.conduit.history.runs.SuccessorRuns;
import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.workflow.Events;
import dev.conduit.persistence.execution.CurrentExecution;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.HistoryContinuation;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionContinuedAsNewEventAttributes;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;

/**
 * GetWorkflowExecutionHistory: pages of committed history, and its long-poll forms. With
 * {@code wait_new_event} and the CLOSE_EVENT filter it waits until the run closes and answers only the
 * close event (for continue-as-new and retries, whose close event names the next run, once that run
 * exists); with all events it waits for events past the caller's token. A wait that sees nothing
 * answers an empty page with a token before the long-poll timeout (and before the call's deadline), and
 * the SDK calls again with that token.
 */
public final class GetWorkflowHistory {
  private static final Duration DEADLINE_MARGIN = Duration.ofSeconds(1);

  private final ShardController shards;
  private final StateWaiter waiter;

  public GetWorkflowHistory(ShardController shards, ScheduledExecutorService scheduler) {
    this.shards = shards;
    this.waiter = new StateWaiter(scheduler);
  }

  /**
   * @param callTimeout time left until the caller's deadline, or null when it has none
   */
  public CompletableFuture<GetWorkflowExecutionHistoryResponse> invoke(String namespaceId,
      GetWorkflowExecutionHistoryRequest request, Duration callTimeout) {
    String workflowId = request.getExecution().getWorkflowId();
    ShardContext shard = shards.shardFor(namespaceId, workflowId);
    HistoryConfig config = shard.config();
    Limits.requireId("WorkflowId", workflowId, config);
    HistoryContinuation token = request.getNextPageToken().isEmpty() ? null : HistoryPages.decode(request.getNextPageToken());
    String runId = token != null ? token.getRunId() : request.getExecution().getRunId();
    if (runId.isEmpty()) {
      runId = shard.currentExecution(namespaceId, workflowId).map(CurrentExecution::runId)
          .orElseThrow(() -> new EntityNotFoundException("workflow execution not found: " + workflowId));
    }
    WorkflowKey key = new WorkflowKey(namespaceId, workflowId, runId);
    long deadlineNanos = System.nanoTime() + waitTime(config, callTimeout).toNanos();
    if (request.getHistoryEventFilterType() == HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT) {
      return closeEvent(shard, key, request.getWaitNewEvent(), deadlineNanos);
    }
    return allEvents(shard, key, request, token, deadlineNanos);
  }

  private CompletableFuture<GetWorkflowExecutionHistoryResponse> closeEvent(ShardContext shard, WorkflowKey key,
      boolean wait, long deadlineNanos) {
    long deadline = wait ? deadlineNanos : System.nanoTime();
    // A run closed by continue-as-new or a retry names its successor: a waiting client gets the close
    // event only once that run exists, so following the chain never finds it missing.
    Predicate<MutableStateRecord> ready = wait
        ? state -> isClosed(state) && SuccessorRuns.successorVisible(shard, state)
        : GetWorkflowHistory::isClosed;
    return waiter.await(shard, key, ready, deadline).thenApply(state -> {
      GetWorkflowExecutionHistoryResponse.Builder response = GetWorkflowExecutionHistoryResponse.newBuilder();
      if (state.isPresent()) {
        response.setHistory(History.newBuilder().addEvents(
            asContinuedAsNew(Events.decode(state.get().getCompletionEvent()))));
      } else {
        response.setHistory(History.getDefaultInstance());
        if (wait) {
          response.setNextPageToken(HistoryPages.encode(HistoryContinuation.newBuilder()
              .setRunId(key.runId()).setWaiting(true).build()));
        }
      }
      return response.build();
    });
  }

  /**
   * A close event that names a next run (a workflow retry) is handed out as a continued-as-new event
   * naming that run, as Temporal does for clients that only follow continue-as-new (the Java SDK): the
   * client's result then comes from the last run of the chain.
   */
  static HistoryEvent asContinuedAsNew(HistoryEvent close) {
    WorkflowExecutionContinuedAsNewEventAttributes.Builder continued = WorkflowExecutionContinuedAsNewEventAttributes
        .newBuilder();
    switch (close.getEventType()) {
      case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED -> continued
          .setNewExecutionRunId(close.getWorkflowExecutionFailedEventAttributes().getNewExecutionRunId())
          .setFailure(close.getWorkflowExecutionFailedEventAttributes().getFailure());
      case EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT -> continued
          .setNewExecutionRunId(close.getWorkflowExecutionTimedOutEventAttributes().getNewExecutionRunId());
      case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED -> continued
          .setNewExecutionRunId(close.getWorkflowExecutionCompletedEventAttributes().getNewExecutionRunId())
          .setLastCompletionResult(close.getWorkflowExecutionCompletedEventAttributes().getResult());
      default -> {
        return close;
      }
    }
    if (continued.getNewExecutionRunId().isEmpty()) {
      return close;
    }
    return close.toBuilder()
        .setEventType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW)
        .setWorkflowExecutionContinuedAsNewEventAttributes(continued)
        .build();
  }

  private CompletableFuture<GetWorkflowExecutionHistoryResponse> allEvents(ShardContext shard, WorkflowKey key,
      GetWorkflowExecutionHistoryRequest request, HistoryContinuation token, long deadlineNanos) {
    int pageSize = request.getMaximumPageSize() > 0 ? request.getMaximumPageSize() : shard.config().historyPageSize();
    if (token != null && token.getWaiting()) {
      long after = token.getNextEventId();
      return waiter.await(shard, key, state -> state.getNextEventId() > after || isClosed(state), deadlineNanos)
          .thenApply(state -> state.isEmpty()
              ? waitingPage(key, after)
              : page(shard, key, after, state.get(), null, ByteString.EMPTY, pageSize, request.getWaitNewEvent()));
    }
    if (token != null) {
      return CompletableFuture.completedFuture(page(shard, key, token.getFirstEventId(), null, token,
          token.getTransientEvents(), pageSize, request.getWaitNewEvent()));
    }
    MutableStateRecord state = shard.read(key);
    return CompletableFuture.completedFuture(page(shard, key, 1, state, null, ByteString.EMPTY, pageSize,
        request.getWaitNewEvent()));
  }

  /** One page from {@code firstEventId} up to the state's (or the token's) next event id. */
  private static GetWorkflowExecutionHistoryResponse page(ShardContext shard, WorkflowKey key, long firstEventId,
      MutableStateRecord state, HistoryContinuation token, ByteString transientEvents, int pageSize, boolean wait) {
    long nextEventId = token != null ? token.getNextEventId() : state.getNextEventId();
    byte[] storeToken = token != null && !token.getPersistenceToken().isEmpty()
        ? token.getPersistenceToken().toByteArray() : null;
    // a continuation keeps reading the branch its first page read, even if the current branch changed since
    byte[] branch = token != null && !token.getBranchToken().isEmpty()
        ? token.getBranchToken().toByteArray()
        : HistoryPages.branchOf(state != null ? state : shard.read(key));
    HistoryPages.Page page = HistoryPages.read(shard, branch, firstEventId, nextEventId, pageSize, storeToken);
    History.Builder history = History.newBuilder().addAllEvents(page.events());
    GetWorkflowExecutionHistoryResponse.Builder response = GetWorkflowExecutionHistoryResponse.newBuilder();
    if (page.storeToken() != null) {
      response.setNextPageToken(HistoryPages.encode(HistoryContinuation.newBuilder()
          .setRunId(key.runId())
          .setFirstEventId(firstEventId)
          .setNextEventId(nextEventId)
          .setPersistenceToken(ByteString.copyFrom(page.storeToken()))
          .setBranchToken(ByteString.copyFrom(branch))
          .setTransientEvents(transientEvents)
          .build()));
    } else {
      if (!transientEvents.isEmpty()) {
        history.addAllEvents(parseHistory(transientEvents).getEventsList());
      }
      boolean running = state != null ? !isClosed(state) : isRunning(shard, key);
      if (wait && running) {
        response.setNextPageToken(HistoryPages.encode(HistoryContinuation.newBuilder()
            .setRunId(key.runId()).setNextEventId(nextEventId).setWaiting(true).build()));
      }
    }
    return response.setHistory(history).build();
  }

  private static GetWorkflowExecutionHistoryResponse waitingPage(WorkflowKey key, long after) {
    return GetWorkflowExecutionHistoryResponse.newBuilder()
        .setHistory(History.getDefaultInstance())
        .setNextPageToken(HistoryPages.encode(HistoryContinuation.newBuilder()
            .setRunId(key.runId()).setNextEventId(after).setWaiting(true).build()))
        .build();
  }

  private static boolean isRunning(ShardContext shard, WorkflowKey key) {
    return !isClosed(shard.read(key));
  }

  static boolean isClosed(MutableStateRecord state) {
    return ExecutionState.ofCode(state.getState()) == ExecutionState.COMPLETED;
  }

  private static Duration waitTime(HistoryConfig config, Duration callTimeout) {
    Duration wait = config.longPollTimeout();
    if (callTimeout != null) {
      Duration beforeDeadline = callTimeout.minus(DEADLINE_MARGIN);
      if (beforeDeadline.compareTo(wait) < 0) {
        wait = beforeDeadline.isNegative() ? Duration.ZERO : beforeDeadline;
      }
    }
    return wait;
  }

  private static History parseHistory(ByteString bytes) {
    try {
      return History.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt transient events in page token", e);
    }
  }
}
