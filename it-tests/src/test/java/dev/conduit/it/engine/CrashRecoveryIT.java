package dev.conduit.it.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.conduit.deploy.local.LocalDependencies;
import dev.conduit.it.support.RealServers;
import dev.conduit.it.support.SdkHarness;
import dev.conduit.it.support.TestCluster;
import dev.conduit.persistence.cassandra.CqlSessions;
import dev.conduit.persistence.matching.CassandraTaskQueueStore;
import dev.conduit.persistence.matching.TaskQueueId;
import dev.conduit.persistence.matching.TaskRecord;
import dev.conduit.proto.matching.v1.TaskQueueType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.enums.v1.PendingWorkflowTaskState;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Invariant 9 with real crashes: the history or matching process is killed with SIGKILL while workflows
 * have timers pending, activities running or tasks in the backlog; after a restart every workflow
 * completes, exactly once, with its right result. Each test kills only once it has seen that state,
 * through the SDK (and, for matching's backlog, in matching's own table), so it cannot pass by crashing a
 * service that had nothing in flight.
 */
class CrashRecoveryIT {
  /** Long enough that a timer seen pending is still pending when the kill follows at once. */
  private static final Duration TIMER = Duration.ofSeconds(20);
  private static final Duration PRECONDITION_WAIT = Duration.ofMinutes(1);

  private static TestCluster cluster;
  private static SdkHarness sdk;

  @ActivityInterface
  public interface Work {
    String work(String input);
  }

  /** Runs until its gate opens, so the test decides how long an activity stays running. */
  public static class WorkImpl implements Work {
    private final CountDownLatch gate;

    public WorkImpl(CountDownLatch gate) {
      this.gate = gate;
    }

    @Override
    public String work(String input) {
      try {
        if (!gate.await(2, TimeUnit.MINUTES)) {
          throw new IllegalStateException("the test never opened the gate");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return input + "+worked";
    }
  }

  @WorkflowInterface
  public interface TimerThenWork {
    @WorkflowMethod
    String run(String input);
  }

  /** Some runs sleep first (a pending timer at the crash), the others work first (a running activity). */
  public static class TimerThenWorkImpl implements TimerThenWork {
    private final Work work =
        Workflow.newActivityStub(Work.class, ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(3)).build());

    @Override
    public String run(String input) {
      if (timerFirst(input)) {
        Workflow.sleep(TIMER);
        return work.work(input);
      }
      String result = work.work(input);
      Workflow.sleep(TIMER);
      return result;
    }
  }

  static boolean timerFirst(String workflowId) {
    return workflowId.hashCode() % 2 == 0;
  }

  @BeforeAll
  static void startCluster() {
    sdk = SdkHarness.onNewCluster();
    cluster = sdk.cluster();
  }

  @AfterAll
  static void stopCluster() {
    if (sdk != null) {
      sdk.close(); // and its cluster
    }
  }

  @Test
  void historyKilledWithTimersPendingAndActivitiesRunningLosesNothing() throws Exception {
    String taskQueue = SdkHarness.taskQueue("crash-history");
    CountDownLatch activitiesMayFinish = new CountDownLatch(1);
    try {
      InFlight runs = timersPendingAndActivitiesRunning(taskQueue, activitiesMayFinish);
      cluster.crashAndRestart("history");
      activitiesMayFinish.countDown();

      assertAllCompletedExactlyOnce(runs.sleeping());
      assertAllCompletedExactlyOnce(runs.working());
    } finally {
      activitiesMayFinish.countDown();
    }
  }

  @Test
  void matchingKilledWithABacklogLosesNothing() throws Exception {
    String taskQueue = SdkHarness.taskQueue("crash-matching");
    // no worker yet: every first workflow task waits in matching's durable backlog
    List<String> ids = new ArrayList<>(startWorkflows(taskQueue, 5, true));
    ids.addAll(startWorkflows(taskQueue, 5, false));

    String namespaceId = sdk.stubs().blockingStub().describeNamespace(DescribeNamespaceRequest.newBuilder()
        .setNamespace(TestCluster.NAMESPACE).build()).getNamespaceInfo().getId();
    TaskQueueId queue = new TaskQueueId(namespaceId, taskQueue, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, false);
    try (CqlSession session = CqlSessions.open(cluster.cassandra())) {
      CassandraTaskQueueStore backlog = new CassandraTaskQueueStore(session, Clock.systemUTC());
      await().atMost(PRECONDITION_WAIT).untilAsserted(() -> {
        for (String id : ids) {
          assertThat(describe(id).getPendingWorkflowTask().getState()).as(id + ": its first workflow task not taken")
              .isEqualTo(PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_SCHEDULED);
        }
        assertThat(backlog.readTasks(queue, -1, Long.MAX_VALUE, 1_000)).as("matching's durable backlog")
            .extracting(TaskRecord::workflowId).containsAll(ids);
      });
    }

    cluster.crashAndRestart("matching");
    sdk.startWorker(taskQueue, worker -> {
      worker.registerWorkflowImplementationTypes(TimerThenWorkImpl.class);
      worker.registerActivitiesImplementations(new WorkImpl(new CountDownLatch(0)));
    });

    assertAllCompletedExactlyOnce(ids);
  }

  /**
   * Cassandra itself stopped (the whole store gone, not one service) while timers are pending and activities run:
   * while it is down a start is refused with UNAVAILABLE, the status SDKs retry; once it is back every run completes
   * exactly once, the runs whose timers were pending at the stop included, and a new run can be started.
   */
  @Test
  void cassandraStoppedWithTimersPendingAndActivitiesRunningLosesNothing() throws Exception {
    String taskQueue = SdkHarness.taskQueue("crash-cassandra");
    CountDownLatch activitiesMayFinish = new CountDownLatch(1);
    try {
      InFlight runs = timersPendingAndActivitiesRunning(taskQueue, activitiesMayFinish);

      try {
        RealServers.stop(LocalDependencies.CASSANDRA);
        assertThat(RealServers.running(LocalDependencies.CASSANDRA)).isFalse();
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
            () -> sdk.stubs().blockingStub().withDeadlineAfter(30, TimeUnit.SECONDS).startWorkflowExecution(
                StartWorkflowExecutionRequest.newBuilder()
                    .setNamespace(TestCluster.NAMESPACE)
                    .setWorkflowId("crash-while-down-" + UUID.randomUUID())
                    .setWorkflowType(WorkflowType.newBuilder().setName("TimerThenWork"))
                    .setTaskQueue(TaskQueue.newBuilder().setName(taskQueue))
                    .setRequestId(UUID.randomUUID().toString())
                    .build()));
        assertThat(refused).as("a start while Cassandra is down").isNotNull();
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      } finally {
        if (!RealServers.running(LocalDependencies.CASSANDRA)) {
          RealServers.restart(LocalDependencies.CASSANDRA);
        }
      }
      long back = System.nanoTime();
      String after = startWorkflows(taskQueue, 1, true).get(0); // the SDK retries UNAVAILABLE until the store answers
      System.out.printf("CrashRecoveryIT: a start succeeded %d ms after Cassandra was healthy again%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back));
      assertThat(eventTypes(after)).as("the run started after the outage").startsWith(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
      activitiesMayFinish.countDown();
      assertAllCompletedExactlyOnce(runs.sleeping());
      assertAllCompletedExactlyOnce(runs.working());
    } finally {
      activitiesMayFinish.countDown();
    }
  }

  /** Five runs that sleep first and five that work first, on one task queue. */
  private record InFlight(List<String> sleeping, List<String> working) {}

  /**
   * The state the crash tests name: a worker on {@code taskQueue} whose activities wait for {@code activitiesMayFinish},
   * five runs with a timer pending and five with an activity running, seen through the SDK.
   */
  private static InFlight timersPendingAndActivitiesRunning(String taskQueue, CountDownLatch activitiesMayFinish) {
    sdk.startWorker(taskQueue, worker -> {
      worker.registerWorkflowImplementationTypes(TimerThenWorkImpl.class);
      worker.registerActivitiesImplementations(new WorkImpl(activitiesMayFinish));
    });
    List<String> sleeping = startWorkflows(taskQueue, 5, true);
    List<String> working = startWorkflows(taskQueue, 5, false);
    await().atMost(PRECONDITION_WAIT).untilAsserted(() -> {
      for (String id : sleeping) {
        assertThat(eventTypes(id)).as(id + ": a timer pending")
            .contains(EventType.EVENT_TYPE_TIMER_STARTED).doesNotContain(EventType.EVENT_TYPE_TIMER_FIRED);
      }
      for (String id : working) {
        assertThat(describe(id).getPendingActivitiesList()).as(id + ": an activity running")
            .extracting(PendingActivityInfo::getState).containsExactly(PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);
      }
    });
    return new InFlight(sleeping, working);
  }

  /** Starts {@code count} runs whose ids make them sleep first ({@code timerFirst}) or work first. */
  private static List<String> startWorkflows(String taskQueue, int count, boolean timerFirst) {
    List<String> ids = new ArrayList<>();
    while (ids.size() < count) {
      String id = "crash-" + ids.size() + "-" + UUID.randomUUID();
      if (timerFirst(id) != timerFirst) {
        continue;
      }
      WorkflowClient.start(
          sdk.client().newWorkflowStub(TimerThenWork.class, WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(id).build())::run,
          id);
      ids.add(id);
    }
    return ids;
  }

  private static DescribeWorkflowExecutionResponse describe(String workflowId) {
    return sdk.stubs().blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
        .setNamespace(TestCluster.NAMESPACE)
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
        .build());
  }

  private static List<EventType> eventTypes(String workflowId) {
    return sdk.client().fetchHistory(workflowId).getHistory().getEventsList().stream()
        .map(HistoryEvent::getEventType).toList();
  }

  private static void assertAllCompletedExactlyOnce(List<String> ids) throws Exception {
    for (String id : ids) {
      WorkflowStub stub = sdk.client().newUntypedWorkflowStub(id);
      assertThat(stub.getResult(180, TimeUnit.SECONDS, String.class)).isEqualTo(id + "+worked");
      List<HistoryEvent> events = sdk.client().fetchHistory(id).getHistory().getEventsList();
      assertThat(events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)).as(id).hasSize(1);
      assertThat(events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_FIRED)).as(id).hasSize(1);
      assertThat(events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)).as(id).hasSize(1);
      for (int i = 0; i < events.size(); i++) {
        assertThat(events.get(i).getEventId()).as(id).isEqualTo(i + 1L);
      }
    }
  }
}
