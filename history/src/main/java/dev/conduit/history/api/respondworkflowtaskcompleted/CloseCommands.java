package dev.conduit.history.api.respondworkflowtaskcompleted;

import static io.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_WORKFLOW_EXECUTION_ATTRIBUTES;
import static io.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_COMPLETE_WORKFLOW_EXECUTION_ATTRIBUTES;
import static io.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_FAIL_WORKFLOW_EXECUTION_ATTRIBUTES;
import static io.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND;

import dev.conduit.history.workflow.WorkflowLifecycle;
import io.temporal.api.command.v1.CancelWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.Command;
import io.temporal.api.command.v1.CompleteWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.FailWorkflowExecutionCommandAttributes;

/**
 * CompleteWorkflowExecution, FailWorkflowExecution and CancelWorkflowExecution (ContinueAsNew is in
 * {@link ContinueAsNewCommand}). Closing while events arrived during the task
 * would lose them, so the task fails with UNHANDLED_COMMAND and a new one delivers those events.
 * A second close command in one task is ignored, as in Temporal.
 */
final class CloseCommands {
  private CloseCommands() {}

  static void complete(CommandContext context, Command command) {
    rejectIfUnhandledEvents(context);
    CompleteWorkflowExecutionCommandAttributes attributes = command.getCompleteWorkflowExecutionCommandAttributes();
    context.requireBlob(WORKFLOW_TASK_FAILED_CAUSE_BAD_COMPLETE_WORKFLOW_EXECUTION_ATTRIBUTES,
        "CompleteWorkflowExecution result", attributes.getResult());
    if (context.tx.state().isRunning()) {
      WorkflowLifecycle.complete(context.tx, context.completedEventId, attributes.getResult());
    }
  }

  static void fail(CommandContext context, Command command) {
    rejectIfUnhandledEvents(context);
    FailWorkflowExecutionCommandAttributes attributes = command.getFailWorkflowExecutionCommandAttributes();
    if (!attributes.hasFailure()) {
      throw new CommandFailure(WORKFLOW_TASK_FAILED_CAUSE_BAD_FAIL_WORKFLOW_EXECUTION_ATTRIBUTES,
          "FailWorkflowExecution has no failure");
    }
    context.requireBlob(WORKFLOW_TASK_FAILED_CAUSE_BAD_FAIL_WORKFLOW_EXECUTION_ATTRIBUTES,
        "FailWorkflowExecution failure", attributes.getFailure());
    if (context.tx.state().isRunning()) {
      WorkflowLifecycle.fail(context.tx, context.completedEventId, attributes.getFailure());
    }
  }

  static void cancel(CommandContext context, Command command) {
    rejectIfUnhandledEvents(context);
    CancelWorkflowExecutionCommandAttributes attributes = command.getCancelWorkflowExecutionCommandAttributes();
    context.requireBlob(WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_WORKFLOW_EXECUTION_ATTRIBUTES,
        "CancelWorkflowExecution details", attributes.getDetails());
    if (context.tx.state().isRunning()) {
      WorkflowLifecycle.cancel(context.tx, context.completedEventId, attributes.getDetails());
    }
  }

  static void rejectIfUnhandledEvents(CommandContext context) {
    if (context.hasBufferedEvents || context.updatesArrived) {
      throw new CommandFailure(WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND,
          "UnhandledCommand: new events or updates arrived while the workflow task ran; the workflow must see them"
              + " first");
    }
  }
}
