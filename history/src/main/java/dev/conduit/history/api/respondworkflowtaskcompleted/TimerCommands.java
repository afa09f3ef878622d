package dev.conduit.history.api.respondworkflowtaskcompleted;

import static io.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_TIMER_ATTRIBUTES;
import static io.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES;
import static io.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_START_TIMER_DUPLICATE_ID;

import dev.conduit.history.util.ProtoTime;
import dev.conduit.history.workflow.TimerStateMachine;
import io.temporal.api.command.v1.CancelTimerCommandAttributes;
import io.temporal.api.command.v1.Command;
import io.temporal.api.command.v1.StartTimerCommandAttributes;

/** StartTimer and CancelTimer. */
final class TimerCommands {
  private TimerCommands() {}

  static void start(CommandContext context, Command command) {
    StartTimerCommandAttributes attributes = command.getStartTimerCommandAttributes();
    context.requireId(WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES, "TimerId", attributes.getTimerId());
    if (!ProtoTime.isPositive(attributes.getStartToFireTimeout())) {
      throw new CommandFailure(WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES,
          "StartToFireTimeout of timer " + attributes.getTimerId() + " must be positive");
    }
    if (context.tx.state().timer(attributes.getTimerId()) != null) {
      throw new CommandFailure(WORKFLOW_TASK_FAILED_CAUSE_START_TIMER_DUPLICATE_ID,
          "timer id " + attributes.getTimerId() + " is already used by a pending timer");
    }
    if (TimerStateMachine.firedEventBuffered(context.tx, attributes.getTimerId())) {
      // The workflow has not seen it fire: for the workflow (and a replay of the history) it is still pending.
      throw new CommandFailure(WORKFLOW_TASK_FAILED_CAUSE_START_TIMER_DUPLICATE_ID,
          "timer id " + attributes.getTimerId() + " is already used by a timer whose firing is not delivered yet");
    }
    TimerStateMachine.start(context.tx, context.completedEventId, attributes.getTimerId(),
        ProtoTime.duration(attributes.getStartToFireTimeout()));
  }

  static void cancel(CommandContext context, Command command) {
    CancelTimerCommandAttributes attributes = command.getCancelTimerCommandAttributes();
    context.requireId(WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_TIMER_ATTRIBUTES, "TimerId", attributes.getTimerId());
    if (!TimerStateMachine.cancel(context.tx, context.completedEventId, attributes.getTimerId(), context.identity)) {
      throw new CommandFailure(WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_TIMER_ATTRIBUTES,
          "no pending timer with id " + attributes.getTimerId());
    }
    // Cancelling a timer whose fired event was buffered may leave nothing new for the workflow.
    context.hasBufferedEvents = context.tx.state().hasBufferedEvents();
  }
}
