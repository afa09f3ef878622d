package dev.conduit.it.multicluster;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.conduit.it.support.TwoClusters.CONVERGE;
import static dev.conduit.it.support.TwoClusters.client;
import static dev.conduit.it.support.TwoClusters.closed;
import static dev.conduit.it.support.TwoClusters.history;
import static dev.conduit.it.support.TwoClusters.historyOrEmpty;
import static dev.conduit.it.support.TwoClusters.worker;
import static org.awaitility.Awaitility.await;

import dev.conduit.it.support.TwoClusters;
import dev.conduit.it.support.Sleeper;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.replication.v1.NamespaceReplicationConfig;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.ResetWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.UpdateNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Workflow histories replicated over Kafka between two clusters as separate processes, with the official Java
 * SDK: a run on the active cluster has the same history, event by event, on the standby; a timer started on the
 * active fires once on the standby after a failover, and the rest of the run, written there, comes back to the
 * first cluster; an activity heartbeating on the active is retried on the new active with its details; a start
 * larger than a Kafka message arrives through the metadata path.
 */
class WorkflowReplicationIT {
  /** The background load of the lag measurement: 5 workflows/s (one cluster alone on this machine does 16-28). */
  private static final long LOAD_INTERVAL_MS = 200;
  // noop redirection: each cluster answers for itself, so what a test reads on the standby is the standby's copy
  @RegisterExtension
  static final TwoClusters clusters = new TwoClusters("noop");

  @Test
  void aRunOnTheActiveHasTheSameHistoryEventByEventOnTheStandby() {
    String namespace = clusters.registerGlobal("replicated");
    String taskQueue = "replicated-" + UUID.randomUUID();
    WorkerFactory worker = worker(clusters.active(), namespace, taskQueue, List.of(Sleeper.Impl.class, ResumableImpl.class, MeasurerImpl.class), new StepperImpl());
    try {
      WorkflowClient client = client(clusters.active(), namespace);
      Sleeper sleeper = client.newWorkflowStub(Sleeper.class, WorkflowOptions.newBuilder().setTaskQueue(taskQueue)
          .setWorkflowId("replicated-" + UUID.randomUUID()).build());
      assertThat(sleeper.sleep(200)).isEqualTo("slept true");
      WorkflowExecution execution = WorkflowStub.fromTyped(sleeper).getExecution();

      List<HistoryEvent> source = history(clusters.active(), namespace, execution);
      assertThat(source.get(source.size() - 1).getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
      List<HistoryEvent> replica = await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100))
          .until(() -> historyOrEmpty(clusters.standby(), namespace, execution), events -> events.size() == source.size());
      assertThat(replica).isEqualTo(source);
      assertThat(status(clusters.standby(), namespace, execution)).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    } finally {
      worker.shutdownNow();
    }
  }

  @Test
  void aResetRunWhoseHistoryIsAForkReachesTheStandbyWhole() {
    String namespace = clusters.registerGlobal("replicated");
    String taskQueue = "replicated-reset-" + UUID.randomUUID();
    WorkerFactory worker = worker(clusters.active(), namespace, taskQueue, List.of(Sleeper.Impl.class));
    try {
      WorkflowClient client = client(clusters.active(), namespace);
      Sleeper sleeper = client.newWorkflowStub(Sleeper.class, WorkflowOptions.newBuilder().setTaskQueue(taskQueue)
          .setWorkflowId("replicated-reset-" + UUID.randomUUID()).build());
      assertThat(sleeper.sleep(200)).isEqualTo("slept true");
      WorkflowExecution base = WorkflowStub.fromTyped(sleeper).getExecution();

      // the new run shares events 1-3 with the base through a fork; only its own events are in its replication task
      String newRunId = clusters.active().blockingStub().resetWorkflowExecution(ResetWorkflowExecutionRequest.newBuilder()
          .setNamespace(namespace).setWorkflowExecution(base).setWorkflowTaskFinishEventId(4)
          .setReason("replicated reset").setRequestId(UUID.randomUUID().toString()).build()).getRunId();
      WorkflowExecution reset = WorkflowExecution.newBuilder().setWorkflowId(base.getWorkflowId()).setRunId(newRunId).build();
      assertThat(client.newUntypedWorkflowStub(base.getWorkflowId(), java.util.Optional.of(newRunId), java.util.Optional.empty())
          .getResult(String.class)).isEqualTo("slept true");

      List<HistoryEvent> source = history(clusters.active(), namespace, reset);
      assertThat(source.get(3).getWorkflowTaskFailedEventAttributes().getNewRunId()).isEqualTo(newRunId);
      List<HistoryEvent> replica = await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100))
          .until(() -> historyOrEmpty(clusters.standby(), namespace, reset), events -> events.size() == source.size());
      assertThat(replica).isEqualTo(source);
      assertThat(status(clusters.standby(), namespace, reset)).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    } finally {
      worker.shutdownNow();
    }
  }

  @Test
  void theStandbyIndexesTheReplicatedRunsWithTheSearchAttributesRegisteredOnTheActive() {
    String namespace = clusters.registerGlobal("visible");
    String attribute = "Region" + UUID.randomUUID().toString().substring(0, 8).replace("-", "");
    var operator = io.temporal.serviceclient.OperatorServiceStubs.newServiceStubs(
        io.temporal.serviceclient.OperatorServiceStubsOptions.newBuilder()
            .setTarget(clusters.group().cluster("active").frontendTarget()).validateAndBuildWithDefaults());
    String taskQueue = "visible-" + UUID.randomUUID();
    WorkerFactory worker = worker(clusters.active(), namespace, taskQueue, List.of(Sleeper.Impl.class, ResumableImpl.class, MeasurerImpl.class), new StepperImpl());
    try {
      operator.blockingStub().addSearchAttributes(io.temporal.api.operatorservice.v1.AddSearchAttributesRequest.newBuilder()
          .setNamespace(namespace).putSearchAttributes(attribute, io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
          .build());
      WorkflowClient client = client(clusters.active(), namespace);
      String workflowId = "visible-" + UUID.randomUUID();
      Sleeper sleeper = client.newWorkflowStub(Sleeper.class, WorkflowOptions.newBuilder().setTaskQueue(taskQueue)
          .setWorkflowId(workflowId).setTypedSearchAttributes(io.temporal.common.SearchAttributes.newBuilder()
              .set(io.temporal.common.SearchAttributeKey.forKeyword(attribute), "eu-west").build()).build());
      assertThat(sleeper.sleep(10)).isEqualTo("slept true");

      // the standby's own index, fed by its own history from the replicated events
      WorkflowClient onStandby = client(clusters.standby(), namespace);
      String query = attribute + " = 'eu-west' AND ExecutionStatus = 'Completed'";
      await().atMost(CONVERGE).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
          .until(() -> onStandby.listExecutions(query).count() == 1);
      assertThat(onStandby.listExecutions(query).map(run -> run.getExecution().getWorkflowId()).toList())
          .containsExactly(workflowId);
      assertThat(onStandby.countWorkflows("WorkflowType = 'Sleeper'").getCount()).isEqualTo(1);
    } finally {
      worker.shutdownNow();
      operator.shutdown();
    }
  }

  @Test
  void aTimerStartedOnTheActiveFiresOnceOnTheStandbyAfterAFailoverAndTheRestComesBack() {
    String namespace = clusters.registerGlobal("replicated");
    String taskQueue = "failover-" + UUID.randomUUID();
    WorkerFactory onActive = worker(clusters.active(), namespace, taskQueue, List.of(Sleeper.Impl.class, ResumableImpl.class, MeasurerImpl.class), new StepperImpl());
    WorkerFactory onStandby = worker(clusters.standby(), namespace, taskQueue, List.of(Sleeper.Impl.class, ResumableImpl.class, MeasurerImpl.class), new StepperImpl());
    try {
      WorkflowClient client = client(clusters.active(), namespace);
      Sleeper sleeper = client.newWorkflowStub(Sleeper.class, WorkflowOptions.newBuilder().setTaskQueue(taskQueue)
          .setWorkflowId("failover-" + UUID.randomUUID()).build());
      WorkflowExecution execution = WorkflowClient.start(sleeper::sleep, 8_000L);
      // the state the test names: the timer is pending, and the standby has it
      await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100)).until(() -> historyOrEmpty(clusters.standby(), namespace, execution)
          .stream().anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED));
      assertThat(history(clusters.active(), namespace, execution)).extracting(HistoryEvent::getEventType)
          .doesNotContain(EventType.EVENT_TYPE_TIMER_FIRED);

      clusters.active().blockingStub().updateNamespace(UpdateNamespaceRequest.newBuilder().setNamespace(namespace)
          .setReplicationConfig(NamespaceReplicationConfig.newBuilder().setActiveClusterName("standby")).build());

      List<HistoryEvent> onNewActive = await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200))
          .until(() -> historyOrEmpty(clusters.standby(), namespace, execution), TwoClusters::closed);
      List<HistoryEvent> fired = onNewActive.stream()
          .filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_FIRED).toList();
      assertThat(fired).hasSize(1);
      assertThat(fired.get(0).getVersion()).as("written by the new clusters.active() cluster").isEqualTo(2);
      assertThat(onNewActive.get(onNewActive.size() - 1).getVersion()).isEqualTo(2);
      assertThat(WorkflowStub.fromTyped(sleeper).getResult(String.class)).isEqualTo("slept true");

      List<HistoryEvent> backOnFirst = await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100))
          .until(() -> historyOrEmpty(clusters.active(), namespace, execution), events -> events.size() == onNewActive.size());
      assertThat(backOnFirst).isEqualTo(onNewActive);
    } finally {
      onActive.shutdownNow();
      onStandby.shutdownNow();
    }
  }

  @Test
  void anActivityHeartbeatingOnTheActiveIsRetriedOnTheNewActiveWithItsDetails() {
    String namespace = clusters.registerGlobal("replicated");
    String taskQueue = "heartbeat-" + UUID.randomUUID();
    WorkerFactory onActive = worker(clusters.active(), namespace, taskQueue, List.of(Sleeper.Impl.class, ResumableImpl.class, MeasurerImpl.class), new StepperImpl());
    WorkerFactory onStandby = worker(clusters.standby(), namespace, taskQueue, List.of(Sleeper.Impl.class, ResumableImpl.class, MeasurerImpl.class), new StepperImpl());
    try {
      Resumable workflow = client(clusters.active(), namespace).newWorkflowStub(Resumable.class, WorkflowOptions.newBuilder()
          .setTaskQueue(taskQueue).setWorkflowId("heartbeat-" + UUID.randomUUID()).build());
      WorkflowExecution execution = WorkflowClient.start(workflow::run);
      // the state the test names: the activity runs on the active and the standby has its heartbeat details
      await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).ignoreExceptionsMatching(
          e -> e instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND).until(() -> {
            var pending = clusters.standby().blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(namespace).setExecution(execution).build()).getPendingActivitiesList();
            return pending.size() == 1 && pending.get(0).hasHeartbeatDetails();
          });

      clusters.active().blockingStub().updateNamespace(UpdateNamespaceRequest.newBuilder().setNamespace(namespace)
          .setReplicationConfig(NamespaceReplicationConfig.newBuilder().setActiveClusterName("standby")).build());

      List<HistoryEvent> onNewActive = await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200))
          .until(() -> historyOrEmpty(clusters.standby(), namespace, execution), TwoClusters::closed);
      assertThat(WorkflowStub.fromTyped(workflow).getResult(String.class)).isEqualTo("resumed after step-1 at attempt 2");
      assertThat(onNewActive).filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
          .singleElement().extracting(HistoryEvent::getVersion).isEqualTo(2L);
    } finally {
      onActive.shutdownNow();
      onStandby.shutdownNow();
    }
  }

  @Test
  void aStartLargerThanAKafkaMessageReachesTheStandbyThroughTheSourcesFrontend() {
    String namespace = clusters.registerGlobal("replicated");
    String taskQueue = "large-" + UUID.randomUUID();
    WorkerFactory worker = worker(clusters.active(), namespace, taskQueue, List.of(Sleeper.Impl.class, ResumableImpl.class, MeasurerImpl.class), new StepperImpl());
    try {
      String input = "x".repeat(1_200_000); // the start's events exceed Kafka's 1 MB message limit
      Measurer measurer = client(clusters.active(), namespace).newWorkflowStub(Measurer.class, WorkflowOptions.newBuilder()
          .setTaskQueue(taskQueue).setWorkflowId("large-" + UUID.randomUUID()).build());
      assertThat(measurer.length(input)).isEqualTo(1_200_000);
      WorkflowExecution execution = WorkflowStub.fromTyped(measurer).getExecution();

      List<HistoryEvent> source = history(clusters.active(), namespace, execution);
      List<HistoryEvent> replica = await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100))
          .until(() -> historyOrEmpty(clusters.standby(), namespace, execution), events -> events.size() == source.size());
      assertThat(replica).isEqualTo(source);
      assertThat(replica.get(0).getSerializedSize()).isGreaterThan(1_000_000);
    } finally {
      worker.shutdownNow();
    }
  }

  /**
   * Replication under a steady load: while other workflows start at a fixed rate, each sample's copy on the standby
   * equals the active's history; the time from its completion on the active to the standby serving it as completed
   * is printed (a measurement, not asserted).
   */
  @Test
  void replicationLagUnderASteadyLoad() throws Exception {
    String namespace = clusters.registerGlobal("replicated");
    String taskQueue = "lag-" + UUID.randomUUID();
    WorkerFactory worker = worker(clusters.active(), namespace, taskQueue, List.of(MeasurerImpl.class));
    java.util.concurrent.ScheduledExecutorService load = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    try {
      WorkflowClient client = client(clusters.active(), namespace);
      WorkflowOptions.Builder options = WorkflowOptions.newBuilder().setTaskQueue(taskQueue);
      load.scheduleAtFixedRate(() -> WorkflowClient.start(client.newWorkflowStub(Measurer.class,
          options.setWorkflowId("load-" + UUID.randomUUID()).build())::length, "load"), 0, LOAD_INTERVAL_MS,
          java.util.concurrent.TimeUnit.MILLISECONDS);
      List<Long> lags = new ArrayList<>();
      List<WorkflowExecution> samples = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        Measurer measurer = client.newWorkflowStub(Measurer.class, options.setWorkflowId("lag-" + UUID.randomUUID()).build());
        measurer.length("sample");
        long completed = System.nanoTime();
        WorkflowExecution execution = WorkflowStub.fromTyped(measurer).getExecution();
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(10)).until(() -> closed(historyOrEmpty(clusters.standby(), namespace, execution)));
        lags.add((System.nanoTime() - completed) / 1_000_000);
        samples.add(execution);
      }
      java.util.Collections.sort(lags);
      String line = "p50=" + lags.get(lags.size() / 2) + "ms p99=" + lags.get(lags.size() * 99 / 100) + "ms max="
          + lags.get(lags.size() - 1) + "ms over " + lags.size() + " workflows, load " + (1000 / LOAD_INTERVAL_MS)
          + " workflows/s";
      System.out.println("WORKFLOW-REPLICATION-LAG " + line);
      // under the load, every sample arrived whole: the standby's copy is the active's, event by event
      for (WorkflowExecution sample : samples) {
        assertThat(history(clusters.standby(), namespace, sample)).isEqualTo(history(clusters.active(), namespace, sample));
      }
    } finally {
      load.shutdownNow();
      worker.shutdownNow();
    }
  }

  /** Returns the length of its input. */
  @io.temporal.workflow.WorkflowInterface
  public interface Measurer {
    @io.temporal.workflow.WorkflowMethod
    int length(String input);
  }

  public static class MeasurerImpl implements Measurer {
    @Override
    public int length(String input) {
      return input.length();
    }
  }

  /** Runs {@link Stepper#step} once; returns its result. */
  @io.temporal.workflow.WorkflowInterface
  public interface Resumable {
    @io.temporal.workflow.WorkflowMethod
    String run();
  }

  public static class ResumableImpl implements Resumable {
    @Override
    public String run() {
      return io.temporal.workflow.Workflow.newActivityStub(Stepper.class, io.temporal.activity.ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(5))
          .setHeartbeatTimeout(Duration.ofSeconds(3))
          .setRetryOptions(io.temporal.common.RetryOptions.newBuilder().setInitialInterval(Duration.ofMillis(200)).build())
          .build()).step();
    }
  }

  /**
   * The first attempt records "step-1" and keeps heartbeating until the worker stops; a later attempt finishes
   * from the details it is given.
   */
  @io.temporal.activity.ActivityInterface
  public interface Stepper {
    String step();
  }

  public static class StepperImpl implements Stepper {
    @Override
    public String step() {
      var context = io.temporal.activity.Activity.getExecutionContext();
      var details = context.getHeartbeatDetails(String.class);
      if (details.isPresent()) {
        return "resumed after " + details.get() + " at attempt " + context.getInfo().getAttempt();
      }
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (System.nanoTime() < deadline) {
        context.heartbeat("step-1");
        try {
          Thread.sleep(300);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw io.temporal.activity.Activity.wrap(e);
        }
      }
      return "never resumed";
    }
  }


  private static WorkflowExecutionStatus status(WorkflowServiceStubs stubs, String namespace, WorkflowExecution execution) {
    return stubs.blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
        .setNamespace(namespace).setExecution(execution).build()).getWorkflowExecutionInfo().getStatus();
  }
}
