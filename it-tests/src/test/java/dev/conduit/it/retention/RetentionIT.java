package dev.conduit.it.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.google.protobuf.util.Durations;
import dev.conduit.it.support.SdkHarness;
import dev.conduit.it.support.Sleeper;
import dev.conduit.persistence.cassandra.CqlSessions;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Retention with the official Java SDK on frontend, history and matching processes: in a namespace whose
 * retention is 3 seconds (the operator lowered {@code system.namespaceMinRetentionLocal}), a closed run is
 * gone after it (describe and history answer NOT_FOUND, Cassandra holds no row of it), an open run stays, and
 * the workflow id takes a new run.
 */
class RetentionIT {
  private static final String NAMESPACE = "short-retention";
  private static final String TASK_QUEUE = SdkHarness.taskQueue("retention");
  private static SdkHarness sdk;
  private static WorkflowClient client;
  private static WorkerFactory workers;

  @BeforeAll
  static void start() {
    sdk = SdkHarness.onNewCluster("system.namespaceMinRetentionLocal:\n  - value: 1s\n    constraints: {}\n");
    assertThatThrownBy(() -> register("too-short", Durations.fromMillis(500)))
        .as("the lowered floor still holds").isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    register(NAMESPACE, Durations.fromSeconds(3));
    client = WorkflowClient.newInstance(sdk.stubs(), WorkflowClientOptions.newBuilder().setNamespace(NAMESPACE).build());
    workers = WorkerFactory.newInstance(client);
    workers.newWorker(TASK_QUEUE).registerWorkflowImplementationTypes(Sleeper.Impl.class);
    workers.start();
  }

  @AfterAll
  static void stop() {
    if (workers != null) {
      workers.shutdownNow();
    }
    if (sdk != null) {
      sdk.close();
    }
  }

  private static void register(String name, com.google.protobuf.Duration retention) {
    sdk.stubs().blockingStub().registerNamespace(RegisterNamespaceRequest.newBuilder()
        .setNamespace(name).setWorkflowExecutionRetentionPeriod(retention).build());
  }

  @Test
  void aClosedRunIsDeletedAfterTheRetentionAndAnOpenOneStays() {
    String closedId = "closed-" + UUID.randomUUID();
    String openId = "open-" + UUID.randomUUID();
    WorkflowStub closed = client.newUntypedWorkflowStub("Sleeper", options(closedId));
    String closedRun = closed.start(10L).getRunId();
    assertThat(closed.getResult(String.class)).isEqualTo("slept true");
    WorkflowStub open = client.newUntypedWorkflowStub("Sleeper", options(openId));
    open.start(Duration.ofHours(1).toMillis());
    assertThat(describe(closedId, closedRun).getStatus().getCode()).as("right after the close it is there")
        .isEqualTo(Status.Code.OK);

    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250))
        .until(() -> describe(closedId, closedRun).getStatus().getCode() == Status.Code.NOT_FOUND);

    assertThatThrownBy(() -> sdk.stubs().blockingStub().getWorkflowExecutionHistory(
        GetWorkflowExecutionHistoryRequest.newBuilder().setNamespace(NAMESPACE).setExecution(execution(closedId, closedRun))
            .build())).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    assertThat(describe(closedId, "").getStatus().getCode()).as("no current run either").isEqualTo(Status.Code.NOT_FOUND);
    try (CqlSession session = CqlSessions.open(sdk.cluster().cassandra())) {
      assertThat(session.execute("SELECT * FROM history_tree WHERE tree_id = ?", closedRun).all()).isEmpty();
      assertThat(session.execute("SELECT * FROM history_tree_node WHERE tree_id = ?", closedRun).all()).isEmpty();
      assertThat(session.execute("SELECT run_id FROM executions").all().stream().map(r -> r.getString("run_id")))
          .doesNotContain(closedRun);
    }
    assertThat(describe(openId, "").getStatus().getCode()).as("the open run stays").isEqualTo(Status.Code.OK);

    WorkflowStub again = client.newUntypedWorkflowStub("Sleeper", options(closedId));
    assertThat(again.start(10L).getRunId()).isNotEqualTo(closedRun);
    assertThat(again.getResult(String.class)).isEqualTo("slept true");
  }

  private static WorkflowOptions options(String workflowId) {
    return WorkflowOptions.newBuilder().setTaskQueue(TASK_QUEUE).setWorkflowId(workflowId).build();
  }

  private static WorkflowExecution execution(String workflowId, String runId) {
    return WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId).build();
  }

  private static StatusRuntimeException describe(String workflowId, String runId) {
    try {
      sdk.stubs().blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
          .setNamespace(NAMESPACE).setExecution(execution(workflowId, runId)).build());
      return new StatusRuntimeException(Status.OK);
    } catch (StatusRuntimeException e) {
      return e;
    }
  }
}
