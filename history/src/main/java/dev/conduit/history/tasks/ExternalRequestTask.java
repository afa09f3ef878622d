package dev.conduit.history.tasks;

import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.errors.NamespaceNotFoundException;
import dev.conduit.history.errors.SignalLimitExceededException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.workflow.ExternalRequestStateMachine;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.history.v1.ExternalRequest;
import dev.conduit.proto.persistence.v1.ExternalRequestInfo;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import dev.conduit.proto.persistence.v1.TransferTaskData;
import io.temporal.api.enums.v1.CancelExternalWorkflowExecutionFailedCause;
import io.temporal.api.enums.v1.SignalExternalWorkflowExecutionFailedCause;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionRequest;

/**
 * Delivers a SignalExternalWorkflowExecution or RequestCancelExternalWorkflowExecution command to the
 * target's shard and records the outcome in the sender (ExternalWorkflowExecutionSignaled /
 * CancelRequested, or the Failed event with its cause). Does nothing once recorded or when the sender
 * closed. A request meant for a child only fails unless the target is one of the sender's children.
 */
final class ExternalRequestTask {
  private ExternalRequestTask() {}

  static void signal(ShardContext shard, WorkflowKey source, TransferTaskData data) {
    long initiated = data.getInitiatedEventId();
    MutableStateRecord state = shard.read(source);
    ExternalRequestInfo info = open(state) ? state.getExternalSignalsOrDefault(initiated, null) : null;
    if (info == null || TaskVersions.stale(data.getVersion(), info.getVersion())) {
      return;
    }
    SignalExternalWorkflowExecutionFailedCause cause = null;
    if (info.getChildWorkflowOnly() && !isChild(state, info.getWorkflowId())) {
      cause = SignalExternalWorkflowExecutionFailedCause.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND;
    } else {
      try {
        shard.peers().signalExternal(request(source, info, info.getRequest()));
      } catch (NamespaceNotFoundException e) {
        cause = SignalExternalWorkflowExecutionFailedCause.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_NAMESPACE_NOT_FOUND;
      } catch (EntityNotFoundException e) {
        cause = SignalExternalWorkflowExecutionFailedCause.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND;
      } catch (SignalLimitExceededException e) {
        cause = SignalExternalWorkflowExecutionFailedCause.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_SIGNAL_COUNT_LIMIT_EXCEEDED;
      }
    }
    SignalExternalWorkflowExecutionFailedCause failure = cause;
    shard.update(source, tx -> {
      ExternalRequestInfo current = tx.state().isRunning() ? tx.state().externalSignal(initiated) : null;
      if (current == null) {
        return null;
      }
      if (failure == null) {
        ExternalRequestStateMachine.signalDelivered(tx, current);
      } else {
        ExternalRequestStateMachine.signalFailed(tx, current, failure);
      }
      return null;
    });
  }

  static void cancel(ShardContext shard, WorkflowKey source, TransferTaskData data) {
    long initiated = data.getInitiatedEventId();
    MutableStateRecord state = shard.read(source);
    ExternalRequestInfo info = open(state) ? state.getExternalCancelsOrDefault(initiated, null) : null;
    if (info == null || TaskVersions.stale(data.getVersion(), info.getVersion())) {
      return;
    }
    CancelExternalWorkflowExecutionFailedCause cause = null;
    if (info.getChildWorkflowOnly() && !isChild(state, info.getWorkflowId())) {
      cause = CancelExternalWorkflowExecutionFailedCause.CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND;
    } else {
      try {
        RequestCancelWorkflowExecutionRequest cancel = RequestCancelWorkflowExecutionRequest.newBuilder()
            .setNamespace(info.getNamespace())
            .setRequestId(info.getRequestId())
            .setIdentity("history-service")
            .setReason(info.getReason())
            .build();
        shard.peers().requestCancelExternal(request(source, info, cancel.toByteString()));
      } catch (NamespaceNotFoundException e) {
        cause = CancelExternalWorkflowExecutionFailedCause.CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_NAMESPACE_NOT_FOUND;
      } catch (EntityNotFoundException e) {
        cause = CancelExternalWorkflowExecutionFailedCause.CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND;
      }
    }
    CancelExternalWorkflowExecutionFailedCause failure = cause;
    shard.update(source, tx -> {
      ExternalRequestInfo current = tx.state().isRunning() ? tx.state().externalCancel(initiated) : null;
      if (current == null) {
        return null;
      }
      if (failure == null) {
        ExternalRequestStateMachine.cancelDelivered(tx, current);
      } else {
        ExternalRequestStateMachine.cancelFailed(tx, current, failure);
      }
      return null;
    });
  }

  private static ExternalRequest request(WorkflowKey source, ExternalRequestInfo info, com.google.protobuf.ByteString body) {
    return ExternalRequest.newBuilder()
        .setNamespaceId(info.getNamespaceId())
        .setWorkflowId(info.getWorkflowId())
        .setRunId(info.getRunId())
        .setRequest(body)
        .setSourceNamespaceId(source.namespaceId())
        .setSourceWorkflowId(source.workflowId())
        .setSourceRunId(source.runId())
        .setSourceInitiatedEventId(info.getInitiatedEventId())
        .build();
  }

  private static boolean open(MutableStateRecord state) {
    return ExecutionState.ofCode(state.getState()).isOpen();
  }

  private static boolean isChild(MutableStateRecord state, String workflowId) {
    return state.getChildExecutionsMap().values().stream().anyMatch(c -> c.getWorkflowId().equals(workflowId));
  }
}
