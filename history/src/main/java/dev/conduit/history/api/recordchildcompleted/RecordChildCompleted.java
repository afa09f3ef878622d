package dev.conduit.history.api.recordchildcompleted;

import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.workflow.ChildWorkflowStateMachine;
import dev.conduit.history.workflow.Events;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.history.v1.RecordChildCompletedRequest;
import dev.conduit.proto.persistence.v1.ChildExecutionInfo;
import io.temporal.api.history.v1.HistoryEvent;

/**
 * RecordChildCompleted (history to history): a child's chain closed; the parent records the matching
 * ChildWorkflowExecution* event. Idempotent by the initiated event id: a child already recorded, or a
 * parent that closed meanwhile, changes nothing. A close that overtook the parent's record of the
 * child's start records the start first.
 */
public final class RecordChildCompleted {
  private final ShardController shards;

  public RecordChildCompleted(ShardController shards) {
    this.shards = shards;
  }

  public void invoke(RecordChildCompletedRequest request) {
    ShardContext shard = shards.shardFor(request.getParentNamespaceId(), request.getParentWorkflowId());
    WorkflowKey parent = new WorkflowKey(request.getParentNamespaceId(), request.getParentWorkflowId(),
        request.getParentRunId());
    HistoryEvent closeEvent = Events.decode(request.getCloseEvent());
    shard.update(parent, tx -> {
      if (!tx.state().isRunning()) {
        return null;
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
