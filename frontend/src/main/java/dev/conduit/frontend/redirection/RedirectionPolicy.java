package dev.conduit.frontend.redirection;

import dev.conduit.config.cluster.DcRedirectionConfig;
import java.util.Set;

/**
 * Which public APIs a {@code dcRedirectionPolicy} forwards to a namespace's active cluster, by API name as
 * Temporal names them: {@code noop} none; {@code selected-apis-forwarding} the calls that change a workflow or
 * must see its active state ({@link #SELECTED_APIS}); {@code all-apis-forwarding} every namespace-scoped call
 * ({@link #NAMESPACE_SCOPED_APIS}: polls, task results and heartbeats, describe, history, list and count too).
 * Namespace calls, {@code GetClusterInfo}, {@code GetSystemInfo} and {@code GetSearchAttributes} always stay
 * local ({@link #LOCAL_APIS}).
 */
public enum RedirectionPolicy {
  NOOP,
  SELECTED_APIS_FORWARDING,
  ALL_APIS_FORWARDING;

  /** Answered by the frontend that receives them, whatever the policy. */
  public static final Set<String> LOCAL_APIS = Set.of(
      "RegisterNamespace", "DescribeNamespace", "ListNamespaces", "UpdateNamespace", "DeprecateNamespace",
      "GetClusterInfo", "GetSystemInfo", "GetSearchAttributes");

  /** Forwarded under {@code selected-apis-forwarding}: Temporal's list of state-changing workflow calls. */
  public static final Set<String> SELECTED_APIS = Set.of(
      "StartWorkflowExecution", "SignalWithStartWorkflowExecution", "SignalWorkflowExecution",
      "RequestCancelWorkflowExecution", "TerminateWorkflowExecution", "QueryWorkflow",
      "ResetWorkflowExecution", "DeleteWorkflowExecution", "UpdateWorkflowExecution", "ExecuteMultiOperation",
      "PauseWorkflowExecution", "UnpauseWorkflowExecution");

  /** Forwarded under {@code all-apis-forwarding}: every call scoped to one namespace. */
  public static final Set<String> NAMESPACE_SCOPED_APIS = union(SELECTED_APIS, Set.of(
      "PollWorkflowTaskQueue", "PollActivityTaskQueue", "PollWorkflowExecutionUpdate",
      "RespondWorkflowTaskCompleted", "RespondWorkflowTaskFailed", "RespondQueryTaskCompleted",
      "RespondActivityTaskCompleted", "RespondActivityTaskCompletedById", "RespondActivityTaskFailed",
      "RespondActivityTaskFailedById", "RespondActivityTaskCanceled", "RespondActivityTaskCanceledById",
      "RecordActivityTaskHeartbeat", "RecordActivityTaskHeartbeatById", "ResetStickyTaskQueue", "ShutdownWorker",
      "DescribeWorkflowExecution", "GetWorkflowExecutionHistory", "GetWorkflowExecutionHistoryReverse",
      "DescribeTaskQueue", "ListTaskQueuePartitions", "ListWorkflowExecutions", "ListOpenWorkflowExecutions",
      "ListClosedWorkflowExecutions", "ListArchivedWorkflowExecutions", "ScanWorkflowExecutions",
      "CountWorkflowExecutions", "PauseActivity", "UnpauseActivity", "ResetActivity",
      "UpdateActivityOptions"));

  /**
   * Calls that may legitimately wait until the caller's own deadline (long polls, a history read waiting for a
   * new event, a query waiting for a worker): forwarded with the caller's deadline, not the forwarding timeout.
   */
  /** Long polls of task queues: released when the namespace fails over while they are forwarded. */
  public static final Set<String> TASK_QUEUE_POLLS = Set.of("PollWorkflowTaskQueue", "PollActivityTaskQueue");

  public static final Set<String> LONG_RUNNING_APIS = Set.of(
      "PollWorkflowTaskQueue", "PollActivityTaskQueue", "PollWorkflowExecutionUpdate",
      "GetWorkflowExecutionHistory", "QueryWorkflow", "UpdateWorkflowExecution");

  public static RedirectionPolicy of(DcRedirectionConfig.Policy configured) {
    return switch (configured) {
      case NOOP -> NOOP;
      case SELECTED_APIS_FORWARDING -> SELECTED_APIS_FORWARDING;
      case ALL_APIS_FORWARDING -> ALL_APIS_FORWARDING;
    };
  }

  /** Whether a call of {@code api} for a namespace active elsewhere goes to the active cluster. */
  public boolean forwards(String api) {
    if (LOCAL_APIS.contains(api)) {
      return false;
    }
    return switch (this) {
      case NOOP -> false;
      case SELECTED_APIS_FORWARDING -> SELECTED_APIS.contains(api);
      case ALL_APIS_FORWARDING -> NAMESPACE_SCOPED_APIS.contains(api);
    };
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    java.util.Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }
}
