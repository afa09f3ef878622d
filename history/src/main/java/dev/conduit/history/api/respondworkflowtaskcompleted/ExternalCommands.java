package dev.conduit.history.api.respondworkflowtaskcompleted;

import static io.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_ATTRIBUTES;
import static io.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SIGNAL_WORKFLOW_EXECUTION_ATTRIBUTES;
import static io.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_PENDING_REQUEST_CANCEL_LIMIT_EXCEEDED;
import static io.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_PENDING_SIGNALS_LIMIT_EXCEEDED;

import dev.conduit.history.NamespaceEntry;
import dev.conduit.history.workflow.ExternalRequestStateMachine;
import io.temporal.api.command.v1.Command;
import io.temporal.api.command.v1.RequestCancelExternalWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.SignalExternalWorkflowExecutionCommandAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.history.v1.RequestCancelExternalWorkflowExecutionInitiatedEventAttributes;
import io.temporal.api.history.v1.SignalExternalWorkflowExecutionInitiatedEventAttributes;

/**
 * SignalExternalWorkflowExecution and RequestCancelExternalWorkflowExecution: recorded as initiated
 * and delivered by the transfer queue to the target's shard. Targets live in the run's namespace.
 */
final class ExternalCommands {
  private ExternalCommands() {}

  static void signal(CommandContext context, Command command) {
    SignalExternalWorkflowExecutionCommandAttributes a = command.getSignalExternalWorkflowExecutionCommandAttributes();
    WorkflowTaskFailedCause cause = WORKFLOW_TASK_FAILED_CAUSE_BAD_SIGNAL_WORKFLOW_EXECUTION_ATTRIBUTES;
    NamespaceEntry namespace = sameNamespace(context, a.getNamespace(), cause);
    context.requireId(cause, "WorkflowId", a.getExecution().getWorkflowId());
    context.requireId(cause, "SignalName", a.getSignalName());
    context.requireBlob(cause, "SignalExternalWorkflowExecution input", a.getInput());
    context.requireBlob(cause, "SignalExternalWorkflowExecution header", a.getHeader());
    int limit = context.config().limits().maxPendingSignals();
    if (context.tx.state().pendingExternalSignals() >= limit) {
      throw new CommandFailure(WORKFLOW_TASK_FAILED_CAUSE_PENDING_SIGNALS_LIMIT_EXCEEDED,
          "the run already has " + limit + " pending signals to other workflows");
    }
    WorkflowExecution target = a.getExecution();
    SignalExternalWorkflowExecutionInitiatedEventAttributes.Builder initiated =
        SignalExternalWorkflowExecutionInitiatedEventAttributes.newBuilder()
            .setWorkflowTaskCompletedEventId(context.completedEventId)
            .setNamespace(namespace.name())
            .setNamespaceId(namespace.id())
            .setWorkflowExecution(target)
            .setSignalName(a.getSignalName())
            .setInput(a.getInput())
            .setControl(a.getControl())
            .setChildWorkflowOnly(a.getChildWorkflowOnly());
    if (a.hasHeader()) {
      initiated.setHeader(a.getHeader());
    }
    if (context.tx.state().isRunning()) {
      ExternalRequestStateMachine.initiateSignal(context.tx, initiated.build(), context.identity);
    }
  }

  @SuppressWarnings("deprecation") // control: deprecated in the API but still echoed in the events
  static void requestCancel(CommandContext context, Command command) {
    RequestCancelExternalWorkflowExecutionCommandAttributes a =
        command.getRequestCancelExternalWorkflowExecutionCommandAttributes();
    WorkflowTaskFailedCause cause = WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_ATTRIBUTES;
    NamespaceEntry namespace = sameNamespace(context, a.getNamespace(), cause);
    context.requireId(cause, "WorkflowId", a.getWorkflowId());
    int limit = context.config().limits().maxPendingCancelRequests();
    if (context.tx.state().pendingExternalCancels() >= limit) {
      throw new CommandFailure(WORKFLOW_TASK_FAILED_CAUSE_PENDING_REQUEST_CANCEL_LIMIT_EXCEEDED,
          "the run already has " + limit + " pending cancellation requests to other workflows");
    }
    RequestCancelExternalWorkflowExecutionInitiatedEventAttributes initiated =
        RequestCancelExternalWorkflowExecutionInitiatedEventAttributes.newBuilder()
            .setWorkflowTaskCompletedEventId(context.completedEventId)
            .setNamespace(namespace.name())
            .setNamespaceId(namespace.id())
            .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(a.getWorkflowId()).setRunId(a.getRunId()))
            .setControl(a.getControl())
            .setChildWorkflowOnly(a.getChildWorkflowOnly())
            .setReason(a.getReason())
            .build();
    if (context.tx.state().isRunning()) {
      ExternalRequestStateMachine.initiateCancel(context.tx, initiated);
    }
  }

  private static NamespaceEntry sameNamespace(CommandContext context, String requested, WorkflowTaskFailedCause cause) {
    NamespaceEntry namespace = context.tx.namespace();
    if (!requested.isEmpty() && !requested.equals(namespace.name())) {
      throw new CommandFailure(cause, "workflows in another namespace (" + requested + ") are not supported");
    }
    return namespace;
  }
}
