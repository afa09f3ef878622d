package dev.conduit.history.workflow;

import dev.conduit.history.tasks.TransferTaskType;
import dev.conduit.proto.persistence.v1.ExternalRequestInfo;
import dev.conduit.proto.persistence.v1.TransferTaskData;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.CancelExternalWorkflowExecutionFailedCause;
import io.temporal.api.enums.v1.SignalExternalWorkflowExecutionFailedCause;
import io.temporal.api.history.v1.ExternalWorkflowExecutionCancelRequestedEventAttributes;
import io.temporal.api.history.v1.ExternalWorkflowExecutionSignaledEventAttributes;
import io.temporal.api.history.v1.RequestCancelExternalWorkflowExecutionFailedEventAttributes;
import io.temporal.api.history.v1.RequestCancelExternalWorkflowExecutionInitiatedEventAttributes;
import io.temporal.api.history.v1.SignalExternalWorkflowExecutionFailedEventAttributes;
import io.temporal.api.history.v1.SignalExternalWorkflowExecutionInitiatedEventAttributes;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;

/**
 * A run's signals to and cancellation requests of other workflows, by initiated event id.
 *
 * <pre>
 * INITIATED --delivered | failed--> (gone)
 * </pre>
 *
 * <p>The transfer queue delivers each one to the target's shard; the outcome comes back as an event
 * from outside a workflow task. The request id is derived from the run and the initiated event id, so a
 * redelivered signal is not applied twice.
 */
public final class ExternalRequestStateMachine {
  private ExternalRequestStateMachine() {}

  /** SignalExternalWorkflowExecution command; {@code signal} is the request the target receives. */
  public static ExternalRequestInfo initiateSignal(WorkflowTransaction tx,
      SignalExternalWorkflowExecutionInitiatedEventAttributes attributes, SignalWorkflowExecutionRequest signal) {
    long initiatedEventId = tx.append(EventFactory.signalExternalInitiated(attributes)).getEventId();
    String requestId = requestId(tx, "signal", initiatedEventId);
    ExternalRequestInfo info = info(tx, initiatedEventId, requestId, attributes.getNamespaceId(),
        attributes.getNamespace(), attributes.getWorkflowExecution(), attributes.getControl(),
        attributes.getChildWorkflowOnly(), attributes.getWorkflowTaskCompletedEventId())
        .setRequest(signal.toBuilder().setRequestId(requestId).build().toByteString())
        .build();
    tx.state().putExternalSignal(info);
    tx.addTransferTask(TransferTaskType.SIGNAL_EXTERNAL, TransferTaskData.newBuilder()
        .setInitiatedEventId(initiatedEventId).build());
    return info;
  }

  public static void signalDelivered(WorkflowTransaction tx, ExternalRequestInfo info) {
    tx.appendExternal(EventFactory.externalSignaled(ExternalWorkflowExecutionSignaledEventAttributes.newBuilder()
        .setInitiatedEventId(info.getInitiatedEventId())
        .setNamespace(info.getNamespace())
        .setNamespaceId(info.getNamespaceId())
        .setWorkflowExecution(execution(info))
        .setControl(info.getControl())
        .build()));
    tx.state().removeExternalSignal(info.getInitiatedEventId());
  }

  public static void signalFailed(WorkflowTransaction tx, ExternalRequestInfo info,
      SignalExternalWorkflowExecutionFailedCause cause) {
    tx.appendExternal(EventFactory.signalExternalFailed(SignalExternalWorkflowExecutionFailedEventAttributes.newBuilder()
        .setCause(cause)
        .setWorkflowTaskCompletedEventId(info.getWorkflowTaskCompletedEventId())
        .setNamespace(info.getNamespace())
        .setNamespaceId(info.getNamespaceId())
        .setWorkflowExecution(execution(info))
        .setInitiatedEventId(info.getInitiatedEventId())
        .setControl(info.getControl())
        .build()));
    tx.state().removeExternalSignal(info.getInitiatedEventId());
  }

  /** RequestCancelExternalWorkflowExecution command. */
  public static ExternalRequestInfo initiateCancel(WorkflowTransaction tx,
      RequestCancelExternalWorkflowExecutionInitiatedEventAttributes attributes) {
    long initiatedEventId = tx.append(EventFactory.requestCancelExternalInitiated(attributes)).getEventId();
    ExternalRequestInfo info = info(tx, initiatedEventId, requestId(tx, "cancel", initiatedEventId),
        attributes.getNamespaceId(), attributes.getNamespace(), attributes.getWorkflowExecution(),
        attributes.getControl(), attributes.getChildWorkflowOnly(), attributes.getWorkflowTaskCompletedEventId())
        .build();
    tx.state().putExternalCancel(info);
    tx.addTransferTask(TransferTaskType.CANCEL_EXTERNAL, TransferTaskData.newBuilder()
        .setInitiatedEventId(initiatedEventId).build());
    return info;
  }

  public static void cancelDelivered(WorkflowTransaction tx, ExternalRequestInfo info) {
    tx.appendExternal(EventFactory.externalCancelRequested(ExternalWorkflowExecutionCancelRequestedEventAttributes
        .newBuilder()
        .setInitiatedEventId(info.getInitiatedEventId())
        .setNamespace(info.getNamespace())
        .setNamespaceId(info.getNamespaceId())
        .setWorkflowExecution(execution(info))
        .build()));
    tx.state().removeExternalCancel(info.getInitiatedEventId());
  }

  public static void cancelFailed(WorkflowTransaction tx, ExternalRequestInfo info,
      CancelExternalWorkflowExecutionFailedCause cause) {
    tx.appendExternal(EventFactory.requestCancelExternalFailed(RequestCancelExternalWorkflowExecutionFailedEventAttributes
        .newBuilder()
        .setCause(cause)
        .setWorkflowTaskCompletedEventId(info.getWorkflowTaskCompletedEventId())
        .setNamespace(info.getNamespace())
        .setNamespaceId(info.getNamespaceId())
        .setWorkflowExecution(execution(info))
        .setInitiatedEventId(info.getInitiatedEventId())
        .setControl(info.getControl())
        .build()));
    tx.state().removeExternalCancel(info.getInitiatedEventId());
  }

  private static ExternalRequestInfo.Builder info(WorkflowTransaction tx, long initiatedEventId, String requestId,
      String namespaceId, String namespace, WorkflowExecution target, String control, boolean childOnly,
      long completedEventId) {
    return ExternalRequestInfo.newBuilder()
        .setInitiatedEventId(initiatedEventId)
        .setRequestId(requestId)
        .setNamespaceId(namespaceId)
        .setNamespace(namespace)
        .setWorkflowId(target.getWorkflowId())
        .setRunId(target.getRunId())
        .setControl(control)
        .setChildWorkflowOnly(childOnly)
        .setVersion(tx.version())
        .setWorkflowTaskCompletedEventId(completedEventId);
  }

  private static String requestId(WorkflowTransaction tx, String kind, long initiatedEventId) {
    return tx.state().key().runId() + "/" + kind + "/" + initiatedEventId;
  }

  private static WorkflowExecution execution(ExternalRequestInfo info) {
    return WorkflowExecution.newBuilder().setWorkflowId(info.getWorkflowId()).setRunId(info.getRunId()).build();
  }
}
