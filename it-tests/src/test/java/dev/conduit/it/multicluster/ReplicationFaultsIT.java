package dev.conduit.it.multicluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.Durations;
import dev.conduit.it.support.ClusterGroup;
import dev.conduit.it.support.Sleeper;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.replication.v1.ClusterReplicationConfig;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Workflow replication through faults, two clusters as separate processes: the standby's replication process
 * killed with SIGKILL while the active runs workflows (a backlog in Kafka), and the source's history process
 * killed and restarted while workflows run. Afterwards every run's history on the standby equals the active's,
 * event by event: nothing missing, nothing twice.
 */
class ReplicationFaultsIT {
  private static final Duration CONVERGE = Duration.ofSeconds(90);
  private static final int WORKFLOWS = 10;
  private static ClusterGroup group;
  private static WorkflowServiceStubs active;
  private static WorkflowServiceStubs standby;

  @BeforeAll
  static void startClusters() {
    group = ClusterGroup.startWith(null, Map.of("active", "noop", "standby", "noop"), "active", "standby");
    active = group.cluster("active").newStubs();
    standby = group.cluster("standby").newStubs();
  }

  @AfterAll
  static void stopClusters() {
    for (WorkflowServiceStubs stubs : new WorkflowServiceStubs[] {active, standby}) {
      if (stubs != null) {
        stubs.shutdownNow();
      }
    }
    if (group != null) {
      group.close();
    }
  }

  @Test
  void aBacklogBuiltWhileTheStandbysReplicationWasKilledArrivesWhole() {
    String namespace = registerGlobal();
    String taskQueue = "backlog-" + UUID.randomUUID();
    var replication = group.cluster("standby").service("replication");
    WorkerFactory worker = worker(active, namespace, taskQueue);
    List<WorkflowExecution> runs;
    try {
      replication.kill();
      runs = runSleepers(namespace, taskQueue, 50);
      // the state the test names: the standby has not got the runs, they wait in Kafka
      assertThat(historyOrEmpty(standby, namespace, runs.get(runs.size() - 1))).isEmpty();
    } finally {
      replication.start(Duration.ofMinutes(2));
      worker.shutdownNow();
    }
    assertReplicated(namespace, runs);
  }

  @Test
  void theSourcesHistoryKilledWhileWorkflowsRunLosesAndDoublesNothing() {
    String namespace = registerGlobal();
    String taskQueue = "source-crash-" + UUID.randomUUID();
    WorkerFactory worker = worker(active, namespace, taskQueue);
    try {
      WorkflowClient client = client(active, namespace);
      List<WorkflowExecution> runs = new ArrayList<>();
      for (int i = 0; i < WORKFLOWS; i++) {
        Sleeper sleeper = client.newWorkflowStub(Sleeper.class, WorkflowOptions.newBuilder().setTaskQueue(taskQueue)
            .setWorkflowId("source-crash-" + i + "-" + UUID.randomUUID()).build());
        runs.add(WorkflowClient.start(sleeper::sleep, 3_000L));
      }
      // the state the test names: the runs are open, their timers pending, and the standby has their starts
      for (WorkflowExecution run : runs) {
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100)).until(() -> historyOrEmpty(standby, namespace, run)
            .stream().anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED));
      }
      group.cluster("active").crashAndRestart("history");
      for (WorkflowExecution run : runs) {
        assertThat(client.newUntypedWorkflowStub(run.getWorkflowId()).getResult(String.class)).isEqualTo("slept true");
      }
      assertReplicated(namespace, runs);
    } finally {
      worker.shutdownNow();
    }
  }

  private static List<WorkflowExecution> runSleepers(String namespace, String taskQueue, long millis) {
    WorkflowClient client = client(active, namespace);
    List<WorkflowExecution> runs = new ArrayList<>();
    for (int i = 0; i < WORKFLOWS; i++) {
      Sleeper sleeper = client.newWorkflowStub(Sleeper.class, WorkflowOptions.newBuilder().setTaskQueue(taskQueue)
          .setWorkflowId("run-" + i + "-" + UUID.randomUUID()).build());
      assertThat(sleeper.sleep(millis)).isEqualTo("slept true");
      runs.add(io.temporal.client.WorkflowStub.fromTyped(sleeper).getExecution());
    }
    return runs;
  }

  /** Every run's history on the standby equals the active's, and its event ids run 1..n without a gap or repeat. */
  private static void assertReplicated(String namespace, List<WorkflowExecution> runs) {
    for (WorkflowExecution run : runs) {
      List<HistoryEvent> source = history(active, namespace, run);
      List<HistoryEvent> replica = await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100))
          .until(() -> historyOrEmpty(standby, namespace, run), events -> events.size() == source.size());
      assertThat(replica).isEqualTo(source);
      for (int i = 0; i < replica.size(); i++) {
        assertThat(replica.get(i).getEventId()).isEqualTo(i + 1);
      }
    }
  }

  private static String registerGlobal() {
    String name = "faults-" + UUID.randomUUID();
    active.blockingStub().registerNamespace(RegisterNamespaceRequest.newBuilder()
        .setNamespace(name)
        .setIsGlobalNamespace(true)
        .addClusters(ClusterReplicationConfig.newBuilder().setClusterName("active"))
        .addClusters(ClusterReplicationConfig.newBuilder().setClusterName("standby"))
        .setActiveClusterName("active")
        .setWorkflowExecutionRetentionPeriod(Durations.fromDays(1))
        .build());
    await().atMost(CONVERGE).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() ->
        standby.blockingStub().describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(name).build()) != null);
    return name;
  }

  private static WorkflowClient client(WorkflowServiceStubs stubs, String namespace) {
    return WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
  }

  private static WorkerFactory worker(WorkflowServiceStubs stubs, String namespace, String taskQueue) {
    WorkerFactory factory = WorkerFactory.newInstance(client(stubs, namespace));
    factory.newWorker(taskQueue).registerWorkflowImplementationTypes(Sleeper.Impl.class);
    factory.start();
    return factory;
  }

  private static List<HistoryEvent> history(WorkflowServiceStubs stubs, String namespace, WorkflowExecution execution) {
    List<HistoryEvent> events = new ArrayList<>();
    GetWorkflowExecutionHistoryRequest.Builder request = GetWorkflowExecutionHistoryRequest.newBuilder()
        .setNamespace(namespace).setExecution(execution);
    do {
      GetWorkflowExecutionHistoryResponse page = stubs.blockingStub().getWorkflowExecutionHistory(request.build());
      events.addAll(page.getHistory().getEventsList());
      request.setNextPageToken(page.getNextPageToken());
    } while (!request.getNextPageToken().isEmpty());
    return events;
  }

  private static List<HistoryEvent> historyOrEmpty(WorkflowServiceStubs stubs, String namespace,
      WorkflowExecution execution) {
    try {
      return history(stubs, namespace, execution);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return List.of();
      }
      throw e;
    }
  }
}
