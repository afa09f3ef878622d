package dev.conduit.history.api.queryworkflow;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.history.api.HistoryPages;
import dev.conduit.history.api.Limits;
import dev.conduit.history.api.RunLookup;
import dev.conduit.history.api.StateWaiter;
import dev.conduit.history.errors.QueryFailedException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.history.workflow.WorkflowTaskStateMachine;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.matching.v1.QueryWorkflowRequest;
import dev.conduit.proto.matching.v1.QueryWorkflowResponse;
import dev.conduit.proto.matching.v1.TaskQueueKey;
import dev.conduit.proto.matching.v1.TaskQueueType;
import dev.conduit.proto.persistence.v1.ExecutionInfo;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.QueryRejectCondition;
import io.temporal.api.enums.v1.QueryResultType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.History;
import io.temporal.api.query.v1.QueryRejected;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RespondQueryTaskCompletedRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * QueryWorkflow: answered by a worker through a query task. The reject condition is applied first
 * (NOT_OPEN, NOT_COMPLETED_CLEANLY answer {@code query_rejected} with the status). A running workflow
 * whose workflow task is in flight (or that never completed one) is queried once that task is done, so
 * the worker replays a history that ends cleanly; the wait is bounded, after which the query goes
 * anyway. A run with a sticky queue is queried there first, with the history after the last completed task, so
 * the worker that has it cached answers without replaying; if no worker takes it within the sticky
 * schedule-to-start timeout, stickiness is dropped and the query goes to the normal task queue with the full
 * history, where any worker can answer it. A failed query is INVALID_ARGUMENT with QueryFailedFailure, as in
 * Temporal.
 */
public final class QueryWorkflow {
  private static final Duration DEADLINE_MARGIN = Duration.ofMillis(500);
  private static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration MIN_TASK_RESERVE = Duration.ofSeconds(1);
  /** The SDKs' default sticky schedule-to-start timeout, for a worker that named none. */
  private static final Duration DEFAULT_STICKY_TIMEOUT = Duration.ofSeconds(5);

  private final ShardController shards;
  private final StateWaiter waiter;

  public QueryWorkflow(ShardController shards, ScheduledExecutorService scheduler) {
    this.shards = shards;
    this.waiter = new StateWaiter(scheduler);
  }

  /**
   * @param callTimeout time left until the caller's deadline, or null when it has none
   */
  public io.temporal.api.workflowservice.v1.QueryWorkflowResponse invoke(String namespaceId,
      io.temporal.api.workflowservice.v1.QueryWorkflowRequest request, Duration callTimeout) {
    long started = System.nanoTime();
    Duration budget = (callTimeout == null ? DEFAULT_CALL_TIMEOUT : callTimeout).minus(DEADLINE_MARGIN);
    String workflowId = request.getExecution().getWorkflowId();
    ShardContext shard = shards.shardFor(namespaceId, workflowId);
    Limits.requireId("WorkflowId", workflowId, shard.config());
    Limits.requireId("QueryType", request.getQuery().getQueryType(), shard.config());
    WorkflowKey key = RunLookup.resolve(shard, namespaceId, workflowId, request.getExecution().getRunId());
    MutableStateRecord state = shard.read(key);
    WorkflowExecutionStatus status = WorkflowExecutionStatus.forNumber(state.getStatus());
    if (rejects(request.getQueryRejectCondition(), status)) {
      return io.temporal.api.workflowservice.v1.QueryWorkflowResponse.newBuilder()
          .setQueryRejected(QueryRejected.newBuilder().setStatus(status))
          .build();
    }
    if (!settled(state)) {
      Duration wait = min(shard.config().queryWaitTimeout(), budget.minus(taskReserve(budget)));
      Optional<MutableStateRecord> settledState = waiter.await(shard, key, QueryWorkflow::settled,
          System.nanoTime() + wait.toNanos()).join();
      state = settledState.orElseGet(() -> shard.read(key));
    }
    Duration left = budget.minusNanos(System.nanoTime() - started);
    if (stickyUsable(shard, state)) {
      try {
        return result(query(shard, key, state, request, true, min(left, stickyTimeout(state.getExecutionInfo()))));
      } catch (StatusRuntimeException e) {
        left = budget.minusNanos(System.nanoTime() - started);
        if (e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED || left.isNegative() || left.isZero()) {
          throw e;
        }
        // no worker took it from the sticky queue in time (the worker that cached the run went away): the run's
        // next tasks go to the normal queue, and so does this query, with the whole history
        forgetSticky(shard, key);
      }
    }
    return result(query(shard, key, state, request, false, left));
  }

  private static QueryWorkflowResponse query(ShardContext shard, WorkflowKey key, MutableStateRecord state,
      io.temporal.api.workflowservice.v1.QueryWorkflowRequest request, boolean sticky, Duration timeout) {
    ExecutionInfo info = state.getExecutionInfo();
    return shard.matching().queryWorkflow(QueryWorkflowRequest.newBuilder()
        .setTaskQueue(TaskQueueKey.newBuilder()
            .setNamespaceId(key.namespaceId())
            .setName(sticky ? info.getStickyTaskQueue() : info.getTaskQueue())
            .setType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
            .setSticky(sticky))
        .setWorkflowId(key.workflowId())
        .setRunId(key.runId())
        .setTask(task(shard, key, state, sticky).toByteString())
        .setQuery(request.getQuery().toByteString())
        .build(), timeout.isNegative() || timeout.isZero() ? Duration.ofMillis(1) : timeout);
  }

  /**
   * Whether the query goes first to the worker that has the run cached: a running workflow whose last completed
   * task named a sticky queue that is still fresh. That worker answers from its cache, without replaying.
   */
  static boolean stickyUsable(ShardContext shard, MutableStateRecord state) {
    return ExecutionState.ofCode(state.getState()) != ExecutionState.COMPLETED && WorkflowTaskStateMachine.stickyFresh(
        state.getExecutionInfo(), shard.config().stickyQueueTtl(), shard.clock().instant());
  }

  /** How long the sticky queue gets to have the query taken: the worker's sticky schedule-to-start timeout. */
  static Duration stickyTimeout(ExecutionInfo info) {
    Duration timeout = ProtoTime.duration(info.getStickyScheduleToStartTimeout());
    return timeout.isNegative() || timeout.isZero() ? DEFAULT_STICKY_TIMEOUT : timeout;
  }

  private static void forgetSticky(ShardContext shard, WorkflowKey key) {
    shard.update(key, tx -> {
      if (tx.state().isRunning()) {
        WorkflowTaskStateMachine.clearSticky(tx.state());
      }
      return null;
    });
  }

  static boolean rejects(QueryRejectCondition condition, WorkflowExecutionStatus status) {
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return false;
    }
    return switch (condition) {
      case QUERY_REJECT_CONDITION_NOT_OPEN -> true;
      case QUERY_REJECT_CONDITION_NOT_COMPLETED_CLEANLY ->
          status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED;
      default -> false;
    };
  }

  /** Closed, or running with no workflow task in flight and at least one completed. */
  static boolean settled(MutableStateRecord state) {
    if (ExecutionState.ofCode(state.getState()) == ExecutionState.COMPLETED) {
      return true;
    }
    return !state.hasWorkflowTask() && state.getLastCompletedWorkflowTaskStartedEventId() > 0;
  }

  /**
   * What a worker needs to answer, as for a workflow task without a started event: the whole history, or for the
   * sticky worker what came after the last task it completed (a worker that lost the run from its cache fetches
   * the rest itself).
   */
  private static PollWorkflowTaskQueueResponse task(ShardContext shard, WorkflowKey key, MutableStateRecord state,
      boolean sticky) {
    ExecutionInfo info = state.getExecutionInfo();
    long previousStarted = state.getLastCompletedWorkflowTaskStartedEventId();
    long firstEventId = sticky && previousStarted > 0 ? previousStarted + 1 : 1;
    History.Builder history = History.newBuilder()
        .addAllEvents(shard.readEvents(HistoryPages.branchOf(state), firstEventId, state.getNextEventId()));
    return PollWorkflowTaskQueueResponse.newBuilder()
        .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(key.workflowId()).setRunId(key.runId()))
        .setWorkflowType(WorkflowType.newBuilder().setName(info.getWorkflowType()))
        .setPreviousStartedEventId(previousStarted)
        .setStartedEventId(0)
        .setAttempt(1)
        .setHistory(history)
        .setWorkflowExecutionTaskQueue(TaskQueue.newBuilder().setName(info.getTaskQueue())
            .setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL))
        .build();
  }

  private static io.temporal.api.workflowservice.v1.QueryWorkflowResponse result(QueryWorkflowResponse answer) {
    RespondQueryTaskCompletedRequest completed;
    try {
      completed = RespondQueryTaskCompletedRequest.parseFrom(answer.getCompleted());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("matching sent a malformed query answer", e);
    }
    if (completed.getCompletedType() == QueryResultType.QUERY_RESULT_TYPE_FAILED) {
      throw new QueryFailedException(completed.getErrorMessage(), completed.hasFailure() ? completed.getFailure() : null);
    }
    return io.temporal.api.workflowservice.v1.QueryWorkflowResponse.newBuilder()
        .setQueryResult(completed.getQueryResult())
        .build();
  }

  /**
   * What of the caller's time is kept for the query task itself after waiting for a workflow task: a fifth, at
   * least a second. The rest may go to the wait, since a workflow task may run long (local activities run inside
   * it) and a query answered before it completes would see the run's state from before it.
   */
  static Duration taskReserve(Duration budget) {
    Duration fifth = budget.dividedBy(5);
    return fifth.compareTo(MIN_TASK_RESERVE) >= 0 ? fifth : MIN_TASK_RESERVE;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
