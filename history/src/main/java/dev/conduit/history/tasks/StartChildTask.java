package dev.conduit.history.tasks;

import dev.conduit.history.errors.NamespaceNotFoundException;
import dev.conduit.history.errors.WorkflowAlreadyStartedException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.workflow.ChildWorkflowStateMachine;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.history.v1.StartChildWorkflowRequest;
import dev.conduit.proto.persistence.v1.ChildExecutionInfo;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import dev.conduit.proto.persistence.v1.ParentInfo;
import dev.conduit.proto.persistence.v1.TransferTaskData;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.StartChildWorkflowExecutionFailedCause;

/**
 * Starts a child on its shard and records the outcome in the parent: ChildWorkflowExecutionStarted, or
 * StartChildWorkflowExecutionFailed when the workflow id is taken. Does nothing once the child started
 * or the parent closed; the child's derived request id makes a repeated start find the same run.
 */
final class StartChildTask {
  private StartChildTask() {}

  static void execute(ShardContext shard, WorkflowKey parent, TransferTaskData data) {
    MutableStateRecord parentState = shard.read(parent);
    ChildExecutionInfo child = pendingChild(parentState, data.getInitiatedEventId());
    if (child == null || TaskVersions.stale(data.getVersion(), child.getVersion())) {
      return;
    }
    String runId;
    try {
      runId = shard.peers().startChildWorkflow(StartChildWorkflowRequest.newBuilder()
          .setNamespaceId(child.getNamespaceId())
          .setStartRequest(child.getStartRequest())
          .setParentNamespaceId(parent.namespaceId())
          .setParentWorkflowId(parent.workflowId())
          .setParentRunId(parent.runId())
          .setParentInitiatedEventId(child.getInitiatedEventId())
          .setParentClosePolicy(child.getParentClosePolicy())
          .setRootWorkflowId(root(parent, parentState).getWorkflowId())
          .setRootRunId(root(parent, parentState).getRunId())
          .build()).getRunId();
    } catch (WorkflowAlreadyStartedException e) {
      fail(shard, parent, data, StartChildWorkflowExecutionFailedCause.START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS);
      return;
    } catch (NamespaceNotFoundException e) {
      fail(shard, parent, data, StartChildWorkflowExecutionFailedCause.START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_NAMESPACE_NOT_FOUND);
      return;
    }
    shard.update(parent, tx -> {
      ChildExecutionInfo current = tx.state().isRunning() ? tx.state().child(data.getInitiatedEventId()) : null;
      if (current != null && !ChildWorkflowStateMachine.isStarted(current)) {
        ChildWorkflowStateMachine.started(tx, current, runId);
      }
      return null;
    });
  }

  /** The root of the parent's chain: its own root, or the parent itself when it has no parent. */
  private static WorkflowExecution root(WorkflowKey parent, MutableStateRecord parentState) {
    ParentInfo grandparent = parentState.getExecutionInfo().getParent();
    return grandparent.getRootWorkflowId().isEmpty()
        ? WorkflowExecution.newBuilder().setWorkflowId(parent.workflowId()).setRunId(parent.runId()).build()
        : WorkflowExecution.newBuilder().setWorkflowId(grandparent.getRootWorkflowId()).setRunId(grandparent.getRootRunId()).build();
  }

  private static void fail(ShardContext shard, WorkflowKey parent, TransferTaskData data,
      StartChildWorkflowExecutionFailedCause cause) {
    shard.update(parent, tx -> {
      ChildExecutionInfo current = tx.state().isRunning() ? tx.state().child(data.getInitiatedEventId()) : null;
      if (current != null && !ChildWorkflowStateMachine.isStarted(current)) {
        ChildWorkflowStateMachine.startFailed(tx, current, cause);
      }
      return null;
    });
  }

  private static ChildExecutionInfo pendingChild(MutableStateRecord state, long initiatedEventId) {
    if (ExecutionState.ofCode(state.getState()) == ExecutionState.COMPLETED) {
      return null;
    }
    ChildExecutionInfo child = state.getChildExecutionsOrDefault(initiatedEventId, null);
    return child == null || ChildWorkflowStateMachine.isStarted(child) ? null : child;
  }
}
