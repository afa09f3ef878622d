package dev.conduit.it.multicluster;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.conduit.it.support.TwoClusters.CONVERGE;
import static dev.conduit.it.support.TwoClusters.awaitHistory;
import static dev.conduit.it.support.TwoClusters.client;
import static dev.conduit.it.support.TwoClusters.closed;
import static dev.conduit.it.support.TwoClusters.count;
import static dev.conduit.it.support.TwoClusters.history;
import static dev.conduit.it.support.TwoClusters.last;
import static dev.conduit.it.support.TwoClusters.notActive;
import static dev.conduit.it.support.TwoClusters.worker;
import static org.awaitility.Awaitility.await;

import dev.conduit.it.support.TwoClusters;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
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
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Open workflows across failovers between two clusters as separate processes, with the official Java SDK and
 * workers on both: signals before and after a failover, a continue-as-new on the new active, a failback that
 * finishes the run on the first cluster, a terminate on the new active that replicates back, a child started before
 * and completed after a failover, the id-reuse policy on the new active, and a workflow retry that waits out its
 * backoff across a failover. Both clusters end with the same
 * history of every run, event by event.
 */
class WorkflowFailoverIT {
  @RegisterExtension
  static final TwoClusters clusters = new TwoClusters("noop");

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
    String namespace = clusters.registerGlobal("failover");
    String taskQueue = "adder-" + UUID.randomUUID();
    WorkerFactory onActive = worker(clusters.active(), namespace, taskQueue, List.of(AdderImpl.class, ParentImpl.class));
    WorkerFactory onStandby = worker(clusters.standby(), namespace, taskQueue, List.of(AdderImpl.class, ParentImpl.class));
    try {
      String workflowId = "adder-" + UUID.randomUUID();
      Adder adder = client(clusters.active(), namespace).newWorkflowStub(Adder.class,
          WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(workflowId).build());
      WorkflowExecution first = WorkflowClient.start(adder::add, 0);
      signal(clusters.active(), namespace, workflowId, 10);
      signal(clusters.active(), namespace, workflowId, 5);
      // the state the test names: both signals are on the standby before the failover
      awaitHistory(clusters.standby(), namespace, first, events -> count(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) == 2);

      clusters.failover(namespace, "standby");
      signal(clusters.standby(), namespace, workflowId, 20); // 35: continues as new on the standby
      List<HistoryEvent> firstRun = awaitHistory(clusters.standby(), namespace, first, TwoClusters::closed);
      assertThat(last(firstRun).getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
      assertThat(last(firstRun).getVersion()).isEqualTo(2);
      String secondRunId = last(firstRun).getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId();
      WorkflowExecution second = WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(secondRunId).build();
      // the new run started on the standby reaches the first cluster
      awaitHistory(clusters.active(), namespace, second, events -> !events.isEmpty());

      clusters.failover(namespace, "active");
      signal(clusters.active(), namespace, workflowId, 65); // 100: the run completes on the first cluster again
      assertThat(client(clusters.active(), namespace).newUntypedWorkflowStub(workflowId).getResult(Integer.class)).isEqualTo(100);

      List<HistoryEvent> secondOnActive = history(clusters.active(), namespace, second);
      assertThat(last(secondOnActive).getVersion()).as("completed after the failback").isEqualTo(11);
      assertThat(awaitHistory(clusters.standby(), namespace, second, events -> events.size() == secondOnActive.size()))
          .isEqualTo(secondOnActive);
      assertThat(awaitHistory(clusters.active(), namespace, first, events -> events.size() == firstRun.size())).isEqualTo(firstRun);
    } finally {
      onActive.shutdownNow();
      onStandby.shutdownNow();
    }
  }

  @Test
  void aTerminateOnTheNewActiveReplicatesBack() {
    String namespace = clusters.registerGlobal("failover");
    String taskQueue = "terminate-" + UUID.randomUUID();
    WorkerFactory onActive = worker(clusters.active(), namespace, taskQueue, List.of(AdderImpl.class, ParentImpl.class));
    WorkerFactory onStandby = worker(clusters.standby(), namespace, taskQueue, List.of(AdderImpl.class, ParentImpl.class));
    try {
      String workflowId = "terminate-" + UUID.randomUUID();
      Adder adder = client(clusters.active(), namespace).newWorkflowStub(Adder.class,
          WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(workflowId).build());
      WorkflowExecution execution = WorkflowClient.start(adder::add, 50);
      awaitHistory(clusters.standby(), namespace, execution,
          events -> count(events, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) == 1);

      clusters.failover(namespace, "standby");
      await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).ignoreExceptionsMatching(TwoClusters::notActive)
          .until(() -> {
            client(clusters.standby(), namespace).newUntypedWorkflowStub(workflowId).terminate("operator stopped it");
            return true;
          });

      List<HistoryEvent> onFirst = awaitHistory(clusters.active(), namespace, execution, TwoClusters::closed);
      assertThat(last(onFirst).getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
      assertThat(last(onFirst).getVersion()).isEqualTo(2);
      assertThat(onFirst).isEqualTo(history(clusters.standby(), namespace, execution));
      assertThat(clusters.active().blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
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
    String namespace = clusters.registerGlobal("failover");
    String taskQueue = "child-" + UUID.randomUUID();
    WorkerFactory onActive = worker(clusters.active(), namespace, taskQueue, List.of(AdderImpl.class, ParentImpl.class));
    WorkerFactory onStandby = worker(clusters.standby(), namespace, taskQueue, List.of(AdderImpl.class, ParentImpl.class));
    try {
      String childId = "child-" + UUID.randomUUID();
      Parent parent = client(clusters.active(), namespace).newWorkflowStub(Parent.class,
          WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId("parent-" + UUID.randomUUID()).build());
      WorkflowExecution parentRun = WorkflowClient.start(parent::run, childId);
      // the state the test names: the parent knows its child started, on both clusters
      awaitHistory(clusters.standby(), namespace, parentRun,
          events -> count(events, EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED) == 1);

      clusters.failover(namespace, "standby");
      signal(clusters.standby(), namespace, childId, 10); // 100: the child completes on the standby

      List<HistoryEvent> parentOnNewActive = awaitHistory(clusters.standby(), namespace, parentRun, TwoClusters::closed);
      assertThat(count(parentOnNewActive, EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED)).isEqualTo(1);
      assertThat(last(parentOnNewActive).getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
      assertThat(WorkflowStub.fromTyped(parent).getResult(Integer.class)).isEqualTo(100);
      assertThat(awaitHistory(clusters.active(), namespace, parentRun, events -> events.size() == parentOnNewActive.size()))
          .isEqualTo(parentOnNewActive);
    } finally {
      onActive.shutdownNow();
      onStandby.shutdownNow();
    }
  }

  @Test
  void theNewActiveEnforcesTheIdReusePolicyWithTheReplicatedRuns() {
    String namespace = clusters.registerGlobal("failover");
    String taskQueue = "reuse-" + UUID.randomUUID();
    WorkerFactory onActive = worker(clusters.active(), namespace, taskQueue, List.of(AdderImpl.class, ParentImpl.class));
    try {
      String workflowId = "reuse-" + UUID.randomUUID();
      WorkflowOptions options = WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(workflowId)
          .setWorkflowIdReusePolicy(io.temporal.api.enums.v1.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
          .build();
      Adder adder = client(clusters.active(), namespace).newWorkflowStub(Adder.class, options);
      WorkflowExecution execution = WorkflowClient.start(adder::add, 95);
      signal(clusters.active(), namespace, workflowId, 5);
      assertThat(WorkflowStub.fromTyped(adder).getResult(Integer.class)).isEqualTo(100);
      awaitHistory(clusters.standby(), namespace, execution, TwoClusters::closed);

      clusters.failover(namespace, "standby");
      Throwable refused = await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).until(() -> {
        try {
          WorkflowClient.start(client(clusters.standby(), namespace).newWorkflowStub(Adder.class, options)::add, 0);
          return null;
        } catch (RuntimeException e) {
          return notActive(e) ? null : e;
        }
      }, java.util.Objects::nonNull);
      assertThat(refused).isInstanceOf(io.temporal.client.WorkflowExecutionAlreadyStarted.class);
    } finally {
      onActive.shutdownNow();
    }
  }

  /** Fails its first attempt; a later attempt returns its attempt number. */
  @WorkflowInterface
  public interface Flaky {
    @WorkflowMethod
    int attempt();
  }

  public static class FlakyImpl implements Flaky {
    @Override
    public int attempt() {
      int attempt = Workflow.getInfo().getAttempt();
      if (attempt == 1) {
        throw io.temporal.failure.ApplicationFailure.newFailure("the first attempt fails", "Flaky");
      }
      return attempt;
    }
  }

  @Test
  void aWorkflowRetryWaitingOutItsBackoffAcrossAFailoverRunsOnTheNewActive() {
    String namespace = clusters.registerGlobal("failover");
    String taskQueue = "retry-" + UUID.randomUUID();
    WorkerFactory onActive = worker(clusters.active(), namespace, taskQueue, List.of(FlakyImpl.class));
    WorkerFactory onStandby = worker(clusters.standby(), namespace, taskQueue, List.of(FlakyImpl.class));
    try {
      String workflowId = "retry-" + UUID.randomUUID();
      Flaky flaky = client(clusters.active(), namespace).newWorkflowStub(Flaky.class, WorkflowOptions.newBuilder()
          .setTaskQueue(taskQueue).setWorkflowId(workflowId)
          .setRetryOptions(io.temporal.common.RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(10))
              .setMaximumAttempts(3).build())
          .build());
      WorkflowExecution first = WorkflowClient.start(flaky::attempt);
      List<HistoryEvent> failed = awaitHistory(clusters.active(), namespace, first, TwoClusters::closed);
      assertThat(last(failed).getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
      WorkflowExecution retry = WorkflowExecution.newBuilder().setWorkflowId(workflowId)
          .setRunId(last(failed).getWorkflowExecutionFailedEventAttributes().getNewExecutionRunId()).build();
      // the state the test names: the retry is on the standby, waiting out its backoff (no workflow task yet)
      List<HistoryEvent> waiting = awaitHistory(clusters.standby(), namespace, retry, events -> !events.isEmpty());
      assertThat(waiting).extracting(HistoryEvent::getEventType).containsExactly(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
      assertThat(waiting.get(0).getWorkflowExecutionStartedEventAttributes().getAttempt()).isEqualTo(2);

      clusters.failover(namespace, "standby");
      assertThat(client(clusters.standby(), namespace).newUntypedWorkflowStub(workflowId).getResult(Integer.class))
          .isEqualTo(2);
      List<HistoryEvent> onNewActive = history(clusters.standby(), namespace, retry);
      assertThat(onNewActive.get(0).getVersion()).as("started by the first cluster's failure").isEqualTo(1);
      assertThat(onNewActive.get(1).getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
      assertThat(onNewActive.get(1).getVersion()).as("its backoff ended on the new active").isEqualTo(2);
      assertThat(last(onNewActive).getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
      assertThat(awaitHistory(clusters.active(), namespace, retry, events -> events.size() == onNewActive.size()))
          .isEqualTo(onNewActive);
    } finally {
      onActive.shutdownNow();
      onStandby.shutdownNow();
    }
  }

  private static void signal(WorkflowServiceStubs stubs, String namespace, String workflowId, int n) {
    // right after a failover the cluster may not see itself active yet (its namespace cache refreshes every 2 s)
    await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).ignoreExceptionsMatching(TwoClusters::notActive)
        .until(() -> {
          client(stubs, namespace).newUntypedWorkflowStub(workflowId).signal("plus", n);
          return true;
        });
  }
}
