package dev.conduit.frontend.redirection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.config.cluster.DcRedirectionConfig;
import io.grpc.MethodDescriptor;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RedirectionPolicyTest {
  private static final List<String> SELECTED = List.of("StartWorkflowExecution", "SignalWithStartWorkflowExecution",
      "SignalWorkflowExecution", "RequestCancelWorkflowExecution", "TerminateWorkflowExecution", "QueryWorkflow",
      "ResetWorkflowExecution", "DeleteWorkflowExecution", "UpdateWorkflowExecution");
  private static final List<String> ONLY_UNDER_ALL = List.of("PollWorkflowTaskQueue", "PollActivityTaskQueue",
      "RespondWorkflowTaskCompleted", "RespondWorkflowTaskFailed", "RespondActivityTaskCompleted",
      "RespondActivityTaskFailedById", "RespondQueryTaskCompleted", "RecordActivityTaskHeartbeat",
      "RecordActivityTaskHeartbeatById", "DescribeWorkflowExecution", "GetWorkflowExecutionHistory",
      "ListWorkflowExecutions", "CountWorkflowExecutions", "ResetStickyTaskQueue", "ShutdownWorker");
  private static final List<String> ALWAYS_LOCAL = List.of("RegisterNamespace", "DescribeNamespace", "ListNamespaces",
      "UpdateNamespace", "GetClusterInfo", "GetSystemInfo", "GetSearchAttributes");

  @Test
  void noopForwardsNothing() {
    for (String api : concat(SELECTED, ONLY_UNDER_ALL, ALWAYS_LOCAL)) {
      assertThat(RedirectionPolicy.NOOP.forwards(api)).as(api).isFalse();
    }
  }

  @Test
  void selectedApisForwardingForwardsTheStateChangingWorkflowCallsAndQuery() {
    for (String api : SELECTED) {
      assertThat(RedirectionPolicy.SELECTED_APIS_FORWARDING.forwards(api)).as(api).isTrue();
    }
    for (String api : concat(ONLY_UNDER_ALL, ALWAYS_LOCAL)) {
      assertThat(RedirectionPolicy.SELECTED_APIS_FORWARDING.forwards(api)).as(api).isFalse();
    }
  }

  @Test
  void allApisForwardingAlsoForwardsPollsTaskResultsReadsAndListsButNeverNamespaceOrClusterCalls() {
    for (String api : concat(SELECTED, ONLY_UNDER_ALL)) {
      assertThat(RedirectionPolicy.ALL_APIS_FORWARDING.forwards(api)).as(api).isTrue();
    }
    for (String api : ALWAYS_LOCAL) {
      assertThat(RedirectionPolicy.ALL_APIS_FORWARDING.forwards(api)).as(api).isFalse();
    }
  }

  @Test
  void everyApiNamedIsAWorkflowServiceMethodOrOneTemporalAddedSince() {
    Set<String> methods = WorkflowServiceGrpc.getServiceDescriptor().getMethods().stream()
        .map(MethodDescriptor::getBareMethodName).collect(Collectors.toSet());
    // every method our frontend implements today is classified one way or the other
    for (String api : concat(SELECTED, ONLY_UNDER_ALL, ALWAYS_LOCAL)) {
      assertThat(methods).as("the SDK's WorkflowService has " + api).contains(api);
    }
  }

  @Test
  void configNamesMapOneToOne() {
    assertThat(RedirectionPolicy.of(DcRedirectionConfig.Policy.NOOP)).isEqualTo(RedirectionPolicy.NOOP);
    assertThat(RedirectionPolicy.of(DcRedirectionConfig.Policy.SELECTED_APIS_FORWARDING))
        .isEqualTo(RedirectionPolicy.SELECTED_APIS_FORWARDING);
    assertThat(RedirectionPolicy.of(DcRedirectionConfig.Policy.ALL_APIS_FORWARDING))
        .isEqualTo(RedirectionPolicy.ALL_APIS_FORWARDING);
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
  }
}
