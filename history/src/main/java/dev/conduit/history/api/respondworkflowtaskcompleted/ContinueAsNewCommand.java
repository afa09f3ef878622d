package dev.conduit.history.api.respondworkflowtaskcompleted;

import static io.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_CONTINUE_AS_NEW_ATTRIBUTES;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.history.workflow.RetryPolicies;
import dev.conduit.history.workflow.WorkflowLifecycle;
import dev.conduit.proto.persistence.v1.ExecutionInfo;
import io.temporal.api.command.v1.Command;
import io.temporal.api.command.v1.ContinueAsNewWorkflowExecutionCommandAttributes;
import io.temporal.api.common.v1.Memo;
import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.ContinueAsNewInitiator;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.history.v1.WorkflowExecutionContinuedAsNewEventAttributes;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;

/**
 * ContinueAsNewWorkflowExecution: closes the run as CONTINUED_AS_NEW and names the next run of the
 * chain. What the command leaves out comes from the current run, as in Temporal: workflow type, task
 * queue, run and task timeouts, memo, search attributes and retry policy. The chain keeps its execution
 * deadline; the next run is created right after this write.
 */
final class ContinueAsNewCommand {
  private ContinueAsNewCommand() {}

  static void handle(CommandContext context, Command command) {
    CloseCommands.rejectIfUnhandledEvents(context);
    ContinueAsNewWorkflowExecutionCommandAttributes a = command.getContinueAsNewWorkflowExecutionCommandAttributes();
    ExecutionInfo current = context.tx.state().info();
    String type = a.getWorkflowType().getName().isEmpty() ? current.getWorkflowType() : a.getWorkflowType().getName();
    String queue = a.getTaskQueue().getName().isEmpty() ? current.getTaskQueue() : a.getTaskQueue().getName();
    context.requireId(WORKFLOW_TASK_FAILED_CAUSE_BAD_CONTINUE_AS_NEW_ATTRIBUTES, "WorkflowType", type);
    context.requireId(WORKFLOW_TASK_FAILED_CAUSE_BAD_CONTINUE_AS_NEW_ATTRIBUTES, "TaskQueue", queue);
    context.requireBlob(WORKFLOW_TASK_FAILED_CAUSE_BAD_CONTINUE_AS_NEW_ATTRIBUTES, "ContinueAsNew input", a.getInput());
    context.requireBlob(WORKFLOW_TASK_FAILED_CAUSE_BAD_CONTINUE_AS_NEW_ATTRIBUTES, "ContinueAsNew header", a.getHeader());
    if (ProtoTime.isNegative(a.getWorkflowRunTimeout()) || ProtoTime.isNegative(a.getWorkflowTaskTimeout())
        || ProtoTime.isNegative(a.getBackoffStartInterval())) {
      throw bad("a timeout or the backoff is negative on ContinueAsNewWorkflowExecution");
    }
    if (!a.getCronSchedule().isEmpty()) {
      throw bad("cron schedules are not supported by this server");
    }
    if (a.hasRetryPolicy() && RetryPolicies.validate(a.getRetryPolicy()) != null) {
      throw bad(RetryPolicies.validate(a.getRetryPolicy()));
    }
    if (!context.tx.state().isRunning()) {
      return;
    }
    StartWorkflowExecutionRequest next = nextRun(context, a, type, queue, current);
    WorkflowExecutionContinuedAsNewEventAttributes.Builder event = WorkflowExecutionContinuedAsNewEventAttributes
        .newBuilder()
        .setNewExecutionRunId(WorkflowLifecycle.newRunId())
        .setWorkflowType(next.getWorkflowType())
        .setTaskQueue(next.getTaskQueue())
        .setInput(a.getInput())
        .setWorkflowRunTimeout(next.getWorkflowRunTimeout())
        .setWorkflowTaskTimeout(next.getWorkflowTaskTimeout())
        .setWorkflowTaskCompletedEventId(context.completedEventId)
        .setBackoffStartInterval(a.getBackoffStartInterval())
        .setInitiator(a.getInitiator() == ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_UNSPECIFIED
            || a.getInitiator() == ContinueAsNewInitiator.UNRECOGNIZED
            ? ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_WORKFLOW : a.getInitiator());
    if (a.hasFailure()) {
      event.setFailure(a.getFailure());
    }
    if (a.hasLastCompletionResult()) {
      event.setLastCompletionResult(a.getLastCompletionResult());
    }
    if (next.hasHeader()) {
      event.setHeader(next.getHeader());
    }
    if (next.hasMemo()) {
      event.setMemo(next.getMemo());
    }
    if (next.hasSearchAttributes()) {
      event.setSearchAttributes(next.getSearchAttributes());
    }
    WorkflowLifecycle.continueAsNew(context.tx, event.build(), next);
  }

  private static StartWorkflowExecutionRequest nextRun(CommandContext context,
      ContinueAsNewWorkflowExecutionCommandAttributes a, String type, String queue, ExecutionInfo current) {
    StartWorkflowExecutionRequest.Builder next = StartWorkflowExecutionRequest.newBuilder()
        .setWorkflowId(current.getWorkflowId())
        .setWorkflowType(WorkflowType.newBuilder().setName(type))
        .setTaskQueue(TaskQueue.newBuilder().setName(queue).setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL))
        .setInput(a.getInput())
        .setWorkflowExecutionTimeout(current.getExecutionTimeout())
        .setWorkflowRunTimeout(ProtoTime.isPositive(a.getWorkflowRunTimeout())
            ? a.getWorkflowRunTimeout() : current.getRunTimeout())
        .setWorkflowTaskTimeout(ProtoTime.isPositive(a.getWorkflowTaskTimeout())
            ? a.getWorkflowTaskTimeout() : current.getDefaultWorkflowTaskTimeout())
        .setIdentity(context.identity);
    if (a.hasHeader()) {
      next.setHeader(a.getHeader());
    }
    if (a.hasMemo()) {
      next.setMemo(a.getMemo());
    } else if (!current.getMemo().isEmpty()) {
      next.setMemo(parse(current.getMemo(), Memo.parser()));
    }
    if (a.hasSearchAttributes()) {
      context.requireSearchAttributes(a.getSearchAttributes());
      next.setSearchAttributes(a.getSearchAttributes());
    } else if (!current.getSearchAttributes().isEmpty()) {
      next.setSearchAttributes(parse(current.getSearchAttributes(), SearchAttributes.parser()));
    }
    if (a.hasRetryPolicy()) {
      next.setRetryPolicy(a.getRetryPolicy());
    } else if (!current.getRetryPolicy().isEmpty()) {
      next.setRetryPolicy(parse(current.getRetryPolicy(), RetryPolicy.parser()));
    }
    return next.build();
  }

  private static <T> T parse(ByteString bytes, com.google.protobuf.Parser<T> parser) {
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt stored workflow property", e);
    }
  }

  private static CommandFailure bad(String message) {
    return new CommandFailure(WORKFLOW_TASK_FAILED_CAUSE_BAD_CONTINUE_AS_NEW_ATTRIBUTES, message);
  }
}
