package dev.conduit.it.multicluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.Durations;
import dev.conduit.it.support.ClusterGroup;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.replication.v1.ClusterReplicationConfig;
import io.temporal.api.replication.v1.NamespaceReplicationConfig;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.api.workflowservice.v1.UpdateNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Open workflows across failovers between two clusters as separate processes, with the official Java SDK and
 * workers on both: signals before and after a failover, a continue-as-new on the new active, a failback that
 * finishes the run on the first cluster, a terminate on the new active that replicates back, a child started before
 * and completed after a failover, and the id-reuse policy on the new active. Both clusters end with the same
 * history of every run, event by event.
 */
class WorkflowFailoverIT {
  private static final Duration CONVERGE = Duration.ofSeconds(60);
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

  /** Adds up signalled numbers; after three it continues as new with the sum, and returns once it reaches 100. */
  @WorkflowInterface
  public interface Adder {
    @WorkflowMethod
    int add(int start);

    @SignalMethod
    void plus(int n);
  }

  public static class AdderImpl implements Adder {
    private final List<Integer> received = new ArrayList<>();

    @Override
    public int add(int start) {
      int sum = start;
      while (sum < 100) {
        Workflow.await(() -> !received.isEmpty());
        sum += received.remove(0);
        if (start == 0 && sum >= 30) {
          Workflow.continueAsNew(sum);
        }
      }
      return sum;
    }

    @Override
    public void plus(int n) {
      received.add(n);
    }
  }

  @Test
  void signalsAcrossAFailoverAContinueAsNewOnTheNewActiveAndAFailbackKeepBothClustersEqual() {
    String namespace = registerGlobal();
    String taskQueue = "adder-" + UUID.randomUUID();
    WorkerFactory onActive = worker(active, namespace, taskQueue);
    WorkerFactory onStandby = worker(standby, namespace, taskQueue);
    try {
      String workflowId = "adder-" + UUID.randomUUID();
      Adder adder = client(active, namespace).newWorkflowStub(Adder.class,
          WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(workflowId).build());
      WorkflowExecution first = WorkflowClient.start(adder::add, 0);
      signal(active, namespace, workflowId, 10);
      signal(active, namespace, workflowId, 5);
      // the state the test names: both signals are on the standby before the failover
      awaitEvents(standby, namespace, first, events -> count(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) == 2);

      failover(namespace, "standby");
      signal(standby, namespace, workflowId, 20); // 35: continues as new on the standby
      List<HistoryEvent> firstRun = awaitEvents(standby, namespace, first, WorkflowFailoverIT::closed);
      assertThat(last(firstRun).getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
      assertThat(last(firstRun).getVersion()).isEqualTo(2);
      String secondRunId = last(firstRun).getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId();
      WorkflowExecution second = WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(secondRunId).build();
      // the new run started on the standby reaches the first cluster
      awaitEvents(active, namespace, second, events -> !events.isEmpty());

      failover(namespace, "active");
      signal(active, namespace, workflowId, 65); // 100: the run completes on the first cluster again
      assertThat(client(active, namespace).newUntypedWorkflowStub(workflowId).getResult(Integer.class)).isEqualTo(100);

      List<HistoryEvent> secondOnActive = history(active, namespace, second);
      assertThat(last(secondOnActive).getVersion()).as("completed after the failback").isEqualTo(11);
      assertThat(awaitEvents(standby, namespace, second, events -> events.size() == secondOnActive.size()))
          .isEqualTo(secondOnActive);
      assertThat(awaitEvents(active, namespace, first, events -> events.size() == firstRun.size())).isEqualTo(firstRun);
    } finally {
      onActive.shutdownNow();
      onStandby.shutdownNow();
    }
  }

  @Test
  void aTerminateOnTheNewActiveReplicatesBack() {
    String namespace = registerGlobal();
    String taskQueue = "terminate-" + UUID.randomUUID();
    WorkerFactory onActive = worker(active, namespace, taskQueue);
    WorkerFactory onStandby = worker(standby, namespace, taskQueue);
    try {
      String workflowId = "terminate-" + UUID.randomUUID();
      Adder adder = client(active, namespace).newWorkflowStub(Adder.class,
          WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(workflowId).build());
      WorkflowExecution execution = WorkflowClient.start(adder::add, 50);
      awaitEvents(standby, namespace, execution,
          events -> count(events, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) == 1);

      failover(namespace, "standby");
      await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).ignoreExceptionsMatching(WorkflowFailoverIT::notActiveYet)
          .until(() -> {
            client(standby, namespace).newUntypedWorkflowStub(workflowId).terminate("operator stopped it");
            return true;
          });

      List<HistoryEvent> onFirst = awaitEvents(active, namespace, execution, WorkflowFailoverIT::closed);
      assertThat(last(onFirst).getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
      assertThat(last(onFirst).getVersion()).isEqualTo(2);
      assertThat(onFirst).isEqualTo(history(standby, namespace, execution));
      assertThat(active.blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
          .setNamespace(namespace).setExecution(execution).build()).getWorkflowExecutionInfo().getStatus())
          .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED);
    } finally {
      onActive.shutdownNow();
      onStandby.shutdownNow();
    }
  }

  /** Starts an {@link Adder} child and returns what it returns. */
  @WorkflowInterface
  public interface Parent {
    @WorkflowMethod
    int run(String childId);
  }

  public static class ParentImpl implements Parent {
    @Override
    public int run(String childId) {
      return Workflow.newChildWorkflowStub(Adder.class,
          io.temporal.workflow.ChildWorkflowOptions.newBuilder().setWorkflowId(childId).build()).add(90);
    }
  }

  @Test
  void aChildStartedOnTheActiveCompletesOnTheNewActiveAndItsParentLearnsThere() {
    String namespace = registerGlobal();
    String taskQueue = "child-" + UUID.randomUUID();
    WorkerFactory onActive = worker(active, namespace, taskQueue);
    WorkerFactory onStandby = worker(standby, namespace, taskQueue);
    try {
      String childId = "child-" + UUID.randomUUID();
      Parent parent = client(active, namespace).newWorkflowStub(Parent.class,
          WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId("parent-" + UUID.randomUUID()).build());
      WorkflowExecution parentRun = WorkflowClient.start(parent::run, childId);
      // the state the test names: the parent knows its child started, on both clusters
      awaitEvents(standby, namespace, parentRun,
          events -> count(events, EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED) == 1);

      failover(namespace, "standby");
      signal(standby, namespace, childId, 10); // 100: the child completes on the standby

      List<HistoryEvent> parentOnNewActive = awaitEvents(standby, namespace, parentRun, WorkflowFailoverIT::closed);
      assertThat(count(parentOnNewActive, EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED)).isEqualTo(1);
      assertThat(last(parentOnNewActive).getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
      assertThat(WorkflowStub.fromTyped(parent).getResult(Integer.class)).isEqualTo(100);
      assertThat(awaitEvents(active, namespace, parentRun, events -> events.size() == parentOnNewActive.size()))
          .isEqualTo(parentOnNewActive);
    } finally {
      onActive.shutdownNow();
      onStandby.shutdownNow();
    }
  }

  @Test
  void theNewActiveEnforcesTheIdReusePolicyWithTheReplicatedRuns() {
    String namespace = registerGlobal();
    String taskQueue = "reuse-" + UUID.randomUUID();
    WorkerFactory onActive = worker(active, namespace, taskQueue);
    try {
      String workflowId = "reuse-" + UUID.randomUUID();
      WorkflowOptions options = WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(workflowId)
          .setWorkflowIdReusePolicy(io.temporal.api.enums.v1.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
          .build();
      Adder adder = client(active, namespace).newWorkflowStub(Adder.class, options);
      WorkflowExecution execution = WorkflowClient.start(adder::add, 95);
      signal(active, namespace, workflowId, 5);
      assertThat(WorkflowStub.fromTyped(adder).getResult(Integer.class)).isEqualTo(100);
      awaitEvents(standby, namespace, execution, WorkflowFailoverIT::closed);

      failover(namespace, "standby");
      Throwable refused = await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).until(() -> {
        try {
          WorkflowClient.start(client(standby, namespace).newWorkflowStub(Adder.class, options)::add, 0);
          return null;
        } catch (RuntimeException e) {
          return notActiveYet(e) ? null : e;
        }
      }, java.util.Objects::nonNull);
      assertThat(refused).isInstanceOf(io.temporal.client.WorkflowExecutionAlreadyStarted.class);
    } finally {
      onActive.shutdownNow();
    }
  }

  private static void signal(WorkflowServiceStubs stubs, String namespace, String workflowId, int n) {
    // right after a failover the cluster may not see itself active yet (its namespace cache refreshes every 2 s)
    await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).ignoreExceptionsMatching(WorkflowFailoverIT::notActiveYet)
        .until(() -> {
          client(stubs, namespace).newUntypedWorkflowStub(workflowId).signal("plus", n);
          return true;
        });
  }

  private static boolean notActiveYet(Throwable thrown) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (cause instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.FAILED_PRECONDITION) {
        return true;
      }
    }
    return false;
  }

  private static void failover(String namespace, String target) {
    active.blockingStub().updateNamespace(UpdateNamespaceRequest.newBuilder().setNamespace(namespace)
        .setReplicationConfig(NamespaceReplicationConfig.newBuilder().setActiveClusterName(target)).build());
  }

  private static boolean closed(List<HistoryEvent> events) {
    if (events.isEmpty()) {
      return false;
    }
    EventType type = last(events).getEventType();
    return type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
        || type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED
        || type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED;
  }

  private static HistoryEvent last(List<HistoryEvent> events) {
    return events.get(events.size() - 1);
  }

  private static long count(List<HistoryEvent> events, EventType type) {
    return events.stream().filter(e -> e.getEventType() == type).count();
  }

  private static List<HistoryEvent> awaitEvents(WorkflowServiceStubs stubs, String namespace, WorkflowExecution execution,
      java.util.function.Predicate<List<HistoryEvent>> condition) {
    return await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100))
        .until(() -> historyOrEmpty(stubs, namespace, execution), condition::test);
  }

  private static String registerGlobal() {
    String name = "failover-" + UUID.randomUUID();
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
    factory.newWorker(taskQueue).registerWorkflowImplementationTypes(AdderImpl.class, ParentImpl.class);
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
