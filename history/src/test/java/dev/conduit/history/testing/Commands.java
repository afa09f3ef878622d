package dev.conduit.history.testing;

import com.google.protobuf.ByteString;
import io.temporal.api.command.v1.CancelTimerCommandAttributes;
import io.temporal.api.command.v1.CancelWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.ContinueAsNewWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.RequestCancelExternalWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.SignalExternalWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.StartChildWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.Command;
import io.temporal.api.command.v1.CompleteWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.FailWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.RecordMarkerCommandAttributes;
import io.temporal.api.command.v1.RequestCancelActivityTaskCommandAttributes;
import io.temporal.api.command.v1.ScheduleActivityTaskCommandAttributes;
import io.temporal.api.command.v1.StartTimerCommandAttributes;
import io.temporal.api.common.v1.ActivityType;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.CommandType;
import io.temporal.api.failure.v1.ApplicationFailureInfo;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.taskqueue.v1.TaskQueue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Builders of the commands and payloads a worker sends. */
public final class Commands {
  private Commands() {}

  public static Payloads payload(String text) {
    return Payloads.newBuilder()
        .addPayloads(Payload.newBuilder().setData(ByteString.copyFrom(text, StandardCharsets.UTF_8)))
        .build();
  }

  public static ScheduleActivityTaskCommandAttributes.Builder activity(String activityId) {
    return ScheduleActivityTaskCommandAttributes.newBuilder()
        .setActivityId(activityId)
        .setActivityType(ActivityType.newBuilder().setName("greet"))
        .setTaskQueue(TaskQueue.newBuilder().setName("activities"))
        .setInput(payload("world"))
        .setStartToCloseTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(10));
  }

  public static Command scheduleActivity(ScheduleActivityTaskCommandAttributes.Builder attributes) {
    return Command.newBuilder().setCommandType(CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK)
        .setScheduleActivityTaskCommandAttributes(attributes).build();
  }

  public static Command scheduleActivity(String activityId) {
    return scheduleActivity(activity(activityId));
  }

  public static Command requestCancelActivity(long scheduledEventId) {
    return Command.newBuilder().setCommandType(CommandType.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK)
        .setRequestCancelActivityTaskCommandAttributes(RequestCancelActivityTaskCommandAttributes.newBuilder()
            .setScheduledEventId(scheduledEventId))
        .build();
  }

  public static Command startTimer(String timerId, Duration duration) {
    return Command.newBuilder().setCommandType(CommandType.COMMAND_TYPE_START_TIMER)
        .setStartTimerCommandAttributes(StartTimerCommandAttributes.newBuilder()
            .setTimerId(timerId)
            .setStartToFireTimeout(com.google.protobuf.Duration.newBuilder()
                .setSeconds(duration.getSeconds()).setNanos(duration.getNano())))
        .build();
  }

  public static Command cancelTimer(String timerId) {
    return Command.newBuilder().setCommandType(CommandType.COMMAND_TYPE_CANCEL_TIMER)
        .setCancelTimerCommandAttributes(CancelTimerCommandAttributes.newBuilder().setTimerId(timerId))
        .build();
  }

  public static Command completeWorkflow(String result) {
    return Command.newBuilder().setCommandType(CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION)
        .setCompleteWorkflowExecutionCommandAttributes(CompleteWorkflowExecutionCommandAttributes.newBuilder()
            .setResult(payload(result)))
        .build();
  }

  public static Command failWorkflow(String message) {
    return Command.newBuilder().setCommandType(CommandType.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION)
        .setFailWorkflowExecutionCommandAttributes(FailWorkflowExecutionCommandAttributes.newBuilder()
            .setFailure(applicationFailure(message, "Boom", false)))
        .build();
  }

  public static Command recordMarker(String name) {
    return Command.newBuilder().setCommandType(CommandType.COMMAND_TYPE_RECORD_MARKER)
        .setRecordMarkerCommandAttributes(RecordMarkerCommandAttributes.newBuilder()
            .setMarkerName(name)
            .putDetails("data", payload("marker")))
        .build();
  }

  public static Command cancelWorkflow() {
    return Command.newBuilder().setCommandType(CommandType.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION)
        .setCancelWorkflowExecutionCommandAttributes(CancelWorkflowExecutionCommandAttributes.newBuilder()
            .setDetails(payload("cancelled")))
        .build();
  }

  public static Command continueAsNew(String input) {
    return continueAsNew(ContinueAsNewWorkflowExecutionCommandAttributes.newBuilder().setInput(payload(input)));
  }

  public static Command continueAsNew(ContinueAsNewWorkflowExecutionCommandAttributes.Builder attributes) {
    return Command.newBuilder().setCommandType(CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION)
        .setContinueAsNewWorkflowExecutionCommandAttributes(attributes)
        .build();
  }

  public static StartChildWorkflowExecutionCommandAttributes.Builder child(String workflowId) {
    return StartChildWorkflowExecutionCommandAttributes.newBuilder()
        .setWorkflowId(workflowId)
        .setWorkflowType(WorkflowType.newBuilder().setName("ChildWorkflow"))
        .setInput(payload("child-input"));
  }

  public static Command startChild(StartChildWorkflowExecutionCommandAttributes.Builder attributes) {
    return Command.newBuilder().setCommandType(CommandType.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION)
        .setStartChildWorkflowExecutionCommandAttributes(attributes)
        .build();
  }

  public static Command startChild(String workflowId) {
    return startChild(child(workflowId));
  }

  public static Command signalExternal(String workflowId, String signalName, boolean childOnly) {
    return Command.newBuilder().setCommandType(CommandType.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION)
        .setSignalExternalWorkflowExecutionCommandAttributes(SignalExternalWorkflowExecutionCommandAttributes.newBuilder()
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
            .setSignalName(signalName)
            .setInput(payload("external"))
            .setChildWorkflowOnly(childOnly))
        .build();
  }

  public static Command requestCancelExternal(String workflowId, boolean childOnly) {
    return Command.newBuilder().setCommandType(CommandType.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION)
        .setRequestCancelExternalWorkflowExecutionCommandAttributes(
            RequestCancelExternalWorkflowExecutionCommandAttributes.newBuilder()
                .setWorkflowId(workflowId)
                .setChildWorkflowOnly(childOnly))
        .build();
  }

  public static Failure applicationFailure(String message, String type, boolean nonRetryable) {
    return Failure.newBuilder()
        .setMessage(message)
        .setApplicationFailureInfo(ApplicationFailureInfo.newBuilder().setType(type).setNonRetryable(nonRetryable))
        .build();
  }

  public static RetryPolicy retry(Duration initial, double coefficient, Duration max, int maxAttempts) {
    return RetryPolicy.newBuilder()
        .setInitialInterval(com.google.protobuf.Duration.newBuilder().setSeconds(initial.getSeconds())
            .setNanos(initial.getNano()))
        .setBackoffCoefficient(coefficient)
        .setMaximumInterval(com.google.protobuf.Duration.newBuilder().setSeconds(max.getSeconds()).setNanos(max.getNano()))
        .setMaximumAttempts(maxAttempts)
        .build();
  }
}
