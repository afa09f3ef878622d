package dev.conduit.history.api.respondworkflowtaskcompleted;

import static io.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_CHILD_EXECUTION_ATTRIBUTES;
import static io.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_PENDING_CHILD_WORKFLOWS_LIMIT_EXCEEDED;

import dev.conduit.history.NamespaceEntry;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.history.workflow.ChildWorkflowStateMachine;
import dev.conduit.history.workflow.RetryPolicies;
import io.temporal.api.command.v1.Command;
import io.temporal.api.command.v1.StartChildWorkflowExecutionCommandAttributes;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.history.v1.StartChildWorkflowExecutionInitiatedEventAttributes;
import io.temporal.api.taskqueue.v1.TaskQueue;

/**
 * StartChildWorkflowExecution: records the initiation; the transfer queue starts the child on its
 * shard. Children live in the parent's namespace (cross-namespace children are deprecated in Temporal
 * and refused here). The task queue defaults to the parent's and the parent close policy to TERMINATE.
 */
final class ChildCommands {
  private ChildCommands() {}

  @SuppressWarnings("deprecation") // inherit_build_id: still sent by SDKs, history keeps what it was told
  static void start(CommandContext context, Command command) {
    StartChildWorkflowExecutionCommandAttributes a = command.getStartChildWorkflowExecutionCommandAttributes();
    NamespaceEntry namespace = context.tx.namespace();
    if (!a.getNamespace().isEmpty() && !a.getNamespace().equals(namespace.name())) {
      throw bad("child workflows in another namespace (" + a.getNamespace() + ") are not supported");
    }
    context.requireId(WORKFLOW_TASK_FAILED_CAUSE_BAD_START_CHILD_EXECUTION_ATTRIBUTES, "WorkflowId", a.getWorkflowId());
    context.requireId(WORKFLOW_TASK_FAILED_CAUSE_BAD_START_CHILD_EXECUTION_ATTRIBUTES, "WorkflowType",
        a.getWorkflowType().getName());
    String queue = a.getTaskQueue().getName().isEmpty() ? context.tx.state().info().getTaskQueue()
        : a.getTaskQueue().getName();
    context.requireId(WORKFLOW_TASK_FAILED_CAUSE_BAD_START_CHILD_EXECUTION_ATTRIBUTES, "TaskQueue", queue);
    context.requireBlob(WORKFLOW_TASK_FAILED_CAUSE_BAD_START_CHILD_EXECUTION_ATTRIBUTES, "StartChildWorkflowExecution input",
        a.getInput());
    context.requireBlob(WORKFLOW_TASK_FAILED_CAUSE_BAD_START_CHILD_EXECUTION_ATTRIBUTES, "StartChildWorkflowExecution header",
        a.getHeader());
    if (ProtoTime.isNegative(a.getWorkflowExecutionTimeout()) || ProtoTime.isNegative(a.getWorkflowRunTimeout())
        || ProtoTime.isNegative(a.getWorkflowTaskTimeout())) {
      throw bad("a timeout is negative on StartChildWorkflowExecution " + a.getWorkflowId());
    }
    if (!a.getCronSchedule().isEmpty()) {
      throw bad("cron schedules are not supported by this server");
    }
    if (a.hasRetryPolicy() && RetryPolicies.validate(a.getRetryPolicy()) != null) {
      throw bad(RetryPolicies.validate(a.getRetryPolicy()));
    }
    int limit = context.config().limits().maxPendingChildren();
    if (context.tx.state().children().size() >= limit) {
      throw new CommandFailure(WORKFLOW_TASK_FAILED_CAUSE_PENDING_CHILD_WORKFLOWS_LIMIT_EXCEEDED,
          "the run already has " + limit + " pending child workflows");
    }
    TaskQueue taskQueue = TaskQueue.newBuilder().setName(queue).setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL).build();
    ParentClosePolicy policy = a.getParentClosePolicy() == ParentClosePolicy.PARENT_CLOSE_POLICY_UNSPECIFIED
        || a.getParentClosePolicy() == ParentClosePolicy.UNRECOGNIZED
        ? ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE : a.getParentClosePolicy();
    WorkflowIdReusePolicy reusePolicy = a.getWorkflowIdReusePolicy() == WorkflowIdReusePolicy.UNRECOGNIZED
        ? WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_UNSPECIFIED : a.getWorkflowIdReusePolicy();
    StartChildWorkflowExecutionInitiatedEventAttributes.Builder initiated =
        StartChildWorkflowExecutionInitiatedEventAttributes.newBuilder()
            .setNamespace(namespace.name())
            .setNamespaceId(namespace.id())
            .setWorkflowId(a.getWorkflowId())
            .setWorkflowType(a.getWorkflowType())
            .setTaskQueue(taskQueue)
            .setInput(a.getInput())
            .setWorkflowExecutionTimeout(a.getWorkflowExecutionTimeout())
            .setWorkflowRunTimeout(a.getWorkflowRunTimeout())
            .setWorkflowTaskTimeout(a.getWorkflowTaskTimeout())
            .setParentClosePolicy(policy)
            .setControl(a.getControl())
            .setWorkflowTaskCompletedEventId(context.completedEventId)
            .setWorkflowIdReusePolicy(reusePolicy)
            .setInheritBuildId(a.getInheritBuildId());
    if (a.hasRetryPolicy()) {
      initiated.setRetryPolicy(a.getRetryPolicy());
    }
    if (a.hasPriority()) {
      initiated.setPriority(a.getPriority());
    }
    if (a.hasHeader()) {
      initiated.setHeader(a.getHeader());
    }
    if (a.hasMemo()) {
      initiated.setMemo(a.getMemo());
    }
    if (a.hasSearchAttributes()) {
      if (a.getNamespace().isEmpty() || a.getNamespace().equals(context.tx.namespace().name())) {
        context.requireSearchAttributes(a.getSearchAttributes());
      }
      initiated.setSearchAttributes(a.getSearchAttributes());
    }
    if (context.tx.state().isRunning()) {
      ChildWorkflowStateMachine.initiate(context.tx, initiated.build(), context.identity);
    }
  }

  private static CommandFailure bad(String message) {
    return new CommandFailure(WORKFLOW_TASK_FAILED_CAUSE_BAD_START_CHILD_EXECUTION_ATTRIBUTES, message);
  }
}
