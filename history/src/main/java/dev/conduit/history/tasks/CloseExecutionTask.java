package dev.conduit.history.tasks;

import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.runs.SuccessorRuns;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.workflow.ChildWorkflowStateMachine;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.history.workflow.Events;
import dev.conduit.history.workflow.WorkflowLifecycle;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.TransferTaskData;
import dev.conduit.proto.history.v1.RecordChildCompletedRequest;
import dev.conduit.proto.persistence.v1.ChildExecutionInfo;
import dev.conduit.proto.persistence.v1.ExecutionInfo;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;

/**
 * A run closed. Starts the run that follows it (continue-as-new, retry), or, for the last run of a
 * child chain, tells the parent (unless a reset replaced the run: the new run goes on as the child); then
 * applies each open child's parent close policy, but for the children a reset carried over to the run that
 * replaced this one. Every step is idempotent, so a redelivered task repeats them harmlessly.
 */
final class CloseExecutionTask {
  private CloseExecutionTask() {}

  static void execute(ShardContext shard, WorkflowKey key, TransferTaskData data) {
    MutableStateRecord state = shard.read(key);
    if (ExecutionState.ofCode(state.getState()).isOpen()
        || TaskVersions.stale(data.getVersion(), Events.decode(state.getCompletionEvent()).getVersion())) {
      return;
    }
    if (state.hasSuccessor()) {
      SuccessorRuns.start(shard, key);
    } else if (state.getExecutionInfo().hasParent()
        && !WorkflowLifecycle.terminatedByReset(Events.decode(state.getCompletionEvent()))) {
      notifyParent(shard, key, state);
    }
    ExecutionInfo info = state.getExecutionInfo();
    for (ChildExecutionInfo child : state.getChildExecutionsMap().values()) {
      if (!WorkflowLifecycle.carriedOverByReset(info, child.getInitiatedEventId())) {
        applyParentClosePolicy(shard, key, child);
      }
    }
  }

  private static void notifyParent(ShardContext shard, WorkflowKey key, MutableStateRecord state) {
    ExecutionInfo info = state.getExecutionInfo();
    try {
      shard.peers().recordChildCompleted(RecordChildCompletedRequest.newBuilder()
          .setParentNamespaceId(info.getParent().getNamespaceId())
          .setParentWorkflowId(info.getParent().getWorkflowId())
          .setParentRunId(info.getParent().getRunId())
          .setParentInitiatedEventId(info.getParent().getInitiatedEventId())
          .setChildNamespaceId(key.namespaceId())
          .setChildWorkflowId(key.workflowId())
          .setChildRunId(key.runId())
          .setCloseEvent(state.getCompletionEvent())
          .build());
    } catch (EntityNotFoundException e) {
      // The parent run is gone: nobody is left to tell.
    }
  }

  private static void applyParentClosePolicy(ShardContext shard, WorkflowKey parent, ChildExecutionInfo child) {
    if (!ChildWorkflowStateMachine.isStarted(child)) {
      return;
    }
    ParentClosePolicy policy = ParentClosePolicy.forNumber(child.getParentClosePolicy());
    WorkflowExecution execution = WorkflowExecution.newBuilder().setWorkflowId(child.getWorkflowId()).build();
    try {
      if (policy == ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE) {
        shard.peers().terminate(child.getNamespaceId(), TerminateWorkflowExecutionRequest.newBuilder()
            .setNamespace(child.getNamespace())
            .setWorkflowExecution(execution)
            .setFirstExecutionRunId(child.getRunId())
            .setReason("by parent close policy")
            .setIdentity("history-service")
            .build());
      } else if (policy == ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL) {
        shard.peers().requestCancel(child.getNamespaceId(), RequestCancelWorkflowExecutionRequest.newBuilder()
            .setNamespace(child.getNamespace())
            .setWorkflowExecution(execution)
            .setFirstExecutionRunId(child.getRunId())
            .setReason("by parent close policy")
            .setIdentity("history-service")
            .setRequestId(parent.runId() + "/close/" + child.getInitiatedEventId())
            .build());
      }
    } catch (EntityNotFoundException e) {
      // The child closed by itself already.
    }
  }
}
