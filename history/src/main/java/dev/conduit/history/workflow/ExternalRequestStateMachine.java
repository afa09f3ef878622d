package dev.conduit.history.workflow;

import dev.conduit.history.tasks.TransferTaskType;
import dev.conduit.proto.persistence.v1.ExternalRequestInfo;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import java.util.List;
import dev.conduit.proto.persistence.v1.TransferTaskData;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.CancelExternalWorkflowExecutionFailedCause;
import io.temporal.api.enums.v1.SignalExternalWorkflowExecutionFailedCause;
import io.temporal.api.history.v1.ExternalWorkflowExecutionCancelRequestedEventAttributes;
import io.temporal.api.history.v1.ExternalWorkflowExecutionSignaledEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
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
 *
 * <p>The public methods decide (check the move, build the events); the package-private {@code apply...}
 * functions, called through {@link MutableStateApplier}, are the only code that changes this state for an
 * event and derives its tasks.
 */
public final class ExternalRequestStateMachine {
  private ExternalRequestStateMachine() {}

  /**
   * SignalExternalWorkflowExecution command sent by the worker {@code identity}: the apply function derives the
   * request the target receives from the event, and the identity, which the event does not carry, is added here.
   */
  public static ExternalRequestInfo initiateSignal(WorkflowTransaction tx,
      SignalExternalWorkflowExecutionInitiatedEventAttributes attributes, String identity) {
    long initiatedEventId = tx.append(EventFactory.signalExternalInitiated(attributes)).getEventId();
    ExternalRequestInfo info = tx.state().externalSignal(initiatedEventId);
    info = info.toBuilder()
        .setRequest(signalRequest(info).toBuilder().setIdentity(identity).build().toByteString())
        .build();
    tx.state().putExternalSignal(info);
    return info;
  }

  private static SignalWorkflowExecutionRequest signalRequest(ExternalRequestInfo info) {
    try {
      return SignalWorkflowExecutionRequest.parseFrom(info.getRequest());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt external signal request", e);
    }
  }

  static void applySignalInitiated(ApplyContext ctx, HistoryEvent event) {
    SignalExternalWorkflowExecutionInitiatedEventAttributes a =
        event.getSignalExternalWorkflowExecutionInitiatedEventAttributes();
    if (ctx.state().externalSignal(event.getEventId()) != null) {
      throw new IllegalTransitionException("external signal", "initiated", "initiate again");
    }
    ExternalRequestInfo.Builder info = info(ctx, event, "signal", a.getNamespaceId(), a.getNamespace(),
        a.getWorkflowExecution(), a.getControl(), a.getChildWorkflowOnly(), a.getWorkflowTaskCompletedEventId());
    // the request as the event describes it: all a run that did not take the command has (a standby's copy, a run a
    // reset rebuilt); initiateSignal adds the worker's identity where the command is taken
    SignalWorkflowExecutionRequest.Builder request = SignalWorkflowExecutionRequest.newBuilder()
        .setNamespace(a.getNamespace())
        .setWorkflowExecution(a.getWorkflowExecution())
        .setSignalName(a.getSignalName())
        .setInput(a.getInput())
        .setControl(a.getControl())
        .setRequestId(info.getRequestId());
    if (a.hasHeader()) {
      request.setHeader(a.getHeader());
    }
    ctx.state().putExternalSignal(info.setRequest(request.build().toByteString()).build());
    ctx.transferTask(event, TransferTaskType.SIGNAL_EXTERNAL, TransferTaskData.newBuilder()
        .setInitiatedEventId(event.getEventId()).build());
  }

  static void applySignalClosed(ApplyContext ctx, HistoryEvent event, long initiatedEventId) {
    if (ctx.state().externalSignal(initiatedEventId) == null) {
      throw new IllegalTransitionException("external signal", "unknown initiated id " + initiatedEventId,
          event.getEventType());
    }
    ctx.state().removeExternalSignal(initiatedEventId);
  }

  public static void signalDelivered(WorkflowTransaction tx, ExternalRequestInfo info) {
    tx.appendExternal(EventFactory.externalSignaled(ExternalWorkflowExecutionSignaledEventAttributes.newBuilder()
        .setInitiatedEventId(info.getInitiatedEventId())
        .setNamespace(info.getNamespace())
        .setNamespaceId(info.getNamespaceId())
        .setWorkflowExecution(execution(info))
        .setControl(info.getControl())
        .build()));
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
  }

  /** RequestCancelExternalWorkflowExecution command. */
  public static ExternalRequestInfo initiateCancel(WorkflowTransaction tx,
      RequestCancelExternalWorkflowExecutionInitiatedEventAttributes attributes) {
    long initiatedEventId = tx.append(EventFactory.requestCancelExternalInitiated(attributes)).getEventId();
    return tx.state().externalCancel(initiatedEventId);
  }

  static void applyCancelInitiated(ApplyContext ctx, HistoryEvent event) {
    RequestCancelExternalWorkflowExecutionInitiatedEventAttributes a =
        event.getRequestCancelExternalWorkflowExecutionInitiatedEventAttributes();
    if (ctx.state().externalCancel(event.getEventId()) != null) {
      throw new IllegalTransitionException("external cancel", "initiated", "initiate again");
    }
    ctx.state().putExternalCancel(info(ctx, event, "cancel", a.getNamespaceId(), a.getNamespace(),
        a.getWorkflowExecution(), a.getControl(), a.getChildWorkflowOnly(), a.getWorkflowTaskCompletedEventId())
        .setReason(a.getReason())
        .build());
    ctx.transferTask(event, TransferTaskType.CANCEL_EXTERNAL, TransferTaskData.newBuilder()
        .setInitiatedEventId(event.getEventId()).build());
  }

  static void applyCancelClosed(ApplyContext ctx, HistoryEvent event, long initiatedEventId) {
    if (ctx.state().externalCancel(initiatedEventId) == null) {
      throw new IllegalTransitionException("external cancel", "unknown initiated id " + initiatedEventId,
          event.getEventType());
    }
    ctx.state().removeExternalCancel(initiatedEventId);
  }

  public static void cancelDelivered(WorkflowTransaction tx, ExternalRequestInfo info) {
    tx.appendExternal(EventFactory.externalCancelRequested(ExternalWorkflowExecutionCancelRequestedEventAttributes
        .newBuilder()
        .setInitiatedEventId(info.getInitiatedEventId())
        .setNamespace(info.getNamespace())
        .setNamespaceId(info.getNamespaceId())
        .setWorkflowExecution(execution(info))
        .build()));
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
  }

  /**
   * A reset: the signals and cancellations the new run {@code tx} carries over from its base keep the base's request
   * id (and its full signal request), so one the base delivered, or is still delivering, is not taken twice.
   */
  public static void carryOver(WorkflowTransaction tx, MutableStateRecord base) {
    for (ExternalRequestInfo info : List.copyOf(tx.state().externalSignals())) {
      ExternalRequestInfo inBase = base.getExternalSignalsOrDefault(info.getInitiatedEventId(), null);
      if (inBase != null && inBase.getWorkflowId().equals(info.getWorkflowId())) {
        tx.state().putExternalSignal(info.toBuilder().setRequestId(inBase.getRequestId())
            .setRequest(inBase.getRequest()).build());
      }
    }
    for (ExternalRequestInfo info : List.copyOf(tx.state().externalCancels())) {
      ExternalRequestInfo inBase = base.getExternalCancelsOrDefault(info.getInitiatedEventId(), null);
      if (inBase != null && inBase.getWorkflowId().equals(info.getWorkflowId())) {
        tx.state().putExternalCancel(info.toBuilder().setRequestId(inBase.getRequestId()).build());
      }
    }
  }

  /**
   * A reset: records in the new run {@code tx} the outcome its base recorded after the reset point (delivered or
   * failed) for a signal or cancellation the new run carries over, so the new run does not send it again. Returns
   * false, writing nothing, for an event of another kind or of a request the new run does not have pending.
   */
  public static boolean reapplyOutcome(WorkflowTransaction tx, HistoryEvent event) {
    switch (event.getEventType()) {
      case EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED -> {
        ExternalRequestInfo info = tx.state().externalSignal(
            event.getExternalWorkflowExecutionSignaledEventAttributes().getInitiatedEventId());
        if (info != null) {
          signalDelivered(tx, info);
        }
        return info != null;
      }
      case EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED -> {
        var failed = event.getSignalExternalWorkflowExecutionFailedEventAttributes();
        ExternalRequestInfo info = tx.state().externalSignal(failed.getInitiatedEventId());
        if (info != null) {
          signalFailed(tx, info, failed.getCause());
        }
        return info != null;
      }
      case EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED -> {
        ExternalRequestInfo info = tx.state().externalCancel(
            event.getExternalWorkflowExecutionCancelRequestedEventAttributes().getInitiatedEventId());
        if (info != null) {
          cancelDelivered(tx, info);
        }
        return info != null;
      }
      case EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED -> {
        var failed = event.getRequestCancelExternalWorkflowExecutionFailedEventAttributes();
        ExternalRequestInfo info = tx.state().externalCancel(failed.getInitiatedEventId());
        if (info != null) {
          cancelFailed(tx, info, failed.getCause());
        }
        return info != null;
      }
      default -> {
        return false;
      }
    }
  }

  private static ExternalRequestInfo.Builder info(ApplyContext ctx, HistoryEvent event, String kind,
      String namespaceId, String namespace, WorkflowExecution target, String control, boolean childOnly,
      long completedEventId) {
    return ExternalRequestInfo.newBuilder()
        .setInitiatedEventId(event.getEventId())
        .setRequestId(ctx.state().key().runId() + "/" + kind + "/" + event.getEventId())
        .setNamespaceId(namespaceId)
        .setNamespace(namespace)
        .setWorkflowId(target.getWorkflowId())
        .setRunId(target.getRunId())
        .setControl(control)
        .setChildWorkflowOnly(childOnly)
        .setVersion(event.getVersion())
        .setWorkflowTaskCompletedEventId(completedEventId);
  }

  private static WorkflowExecution execution(ExternalRequestInfo info) {
    return WorkflowExecution.newBuilder().setWorkflowId(info.getWorkflowId()).setRunId(info.getRunId()).build();
  }
}
