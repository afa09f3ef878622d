package dev.conduit.history.api.recordchildcompleted;

import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.workflow.ChildWorkflowStateMachine;
import dev.conduit.history.workflow.Events;
import dev.conduit.history.workflow.WorkflowLifecycle;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.history.v1.RecordChildCompletedRequest;
import dev.conduit.proto.persistence.v1.ChildExecutionInfo;
import dev.conduit.proto.persistence.v1.ExecutionInfo;
import io.temporal.api.history.v1.HistoryEvent;

/**
 * RecordChildCompleted (history to history): a child's chain closed; the parent records the matching
 * ChildWorkflowExecution* event. Idempotent by the initiated event id: a child already recorded, or a
 * parent that closed meanwhile, changes nothing; a parent a reset replaced, carrying the child over, passes the
 * close on to the run the reset made (as Temporal does, following resets one after another). A close that
 * overtook the parent's record of the child's start records the start first.
 */
public final class RecordChildCompleted {
  private final ShardController shards;

  public RecordChildCompleted(ShardController shards) {
    this.shards = shards;
  }

  /** At most this many resets are followed from the run the child names to the one that carries it now. */
  static final int MAX_RESET_HOPS = 100;

  public void invoke(RecordChildCompletedRequest request) {
    ShardContext shard = shards.shardFor(request.getParentNamespaceId(), request.getParentWorkflowId());
    String runId = request.getParentRunId();
    for (int hop = 0; runId != null && hop <= MAX_RESET_HOPS; hop++) {
      runId = record(shard, new WorkflowKey(request.getParentNamespaceId(), request.getParentWorkflowId(), runId),
          request);
    }
  }

  /**
   * Records the close in {@code parent}; returns the run to try next when the parent was closed by a reset that
   * carried this child over (the child goes on with the new run as its parent), else null.
   */
  private static String record(ShardContext shard, WorkflowKey parent, RecordChildCompletedRequest request) {
    HistoryEvent closeEvent = Events.decode(request.getCloseEvent());
    return shard.update(parent, tx -> {
      if (!tx.state().isRunning()) {
        ExecutionInfo info = tx.state().info();
        return WorkflowLifecycle.carriedOverByReset(info, request.getParentInitiatedEventId())
            ? info.getResetRunId() : null;
      }
      ChildExecutionInfo child = tx.state().child(request.getParentInitiatedEventId());
      if (child == null || !child.getWorkflowId().equals(request.getChildWorkflowId())) {
        return null;
      }
      if (!ChildWorkflowStateMachine.isStarted(child)) {
        child = ChildWorkflowStateMachine.started(tx, child, request.getChildRunId());
      }
      ChildWorkflowStateMachine.closed(tx, child, request.getChildRunId(), closeEvent);
      return null;
    });
  }
}
