package dev.conduit.it.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.it.support.SdkHarness;
import dev.conduit.it.support.SharedCluster;
import dev.conduit.it.support.Sleeper;
import dev.conduit.it.support.TestCluster;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Issue 3's workflows, written with the official Java SDK, on frontend/history/matching processes and Cassandra. */
class CoreWorkflowsIT {
  private static final String TASK_QUEUE = SdkHarness.taskQueue("core");
  private static final ConcurrentHashMap<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
  @RegisterExtension
  static final SharedCluster shared = new SharedCluster();
  private static SdkHarness sdk;

  @ActivityInterface
  public interface Steps {
    String step(String input);

    /** Sleeps longer than its start-to-close timeout on the first {@code slowAttempts} attempts. */
    String slow(String key, int slowAttempts);
  }

  public static class StepsImpl implements Steps {
    @Override
    public String step(String input) {
      return input + ".";
    }

    @Override
    public String slow(String key, int slowAttempts) {
      int attempt = ATTEMPTS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      if (attempt <= slowAttempts) {
        try {
          Thread.sleep(4_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return key + " after " + attempt;
    }
  }

  @WorkflowInterface
  public interface FanOut {
    @WorkflowMethod
    String run(int parallel);
  }

  public static class FanOutImpl implements FanOut {
    private final Steps steps = Workflow.newActivityStub(Steps.class, ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

    @Override
    public String run(int parallel) {
      List<Promise<String>> branches = new ArrayList<>();
      for (int i = 0; i < parallel; i++) {
        branches.add(Async.function(steps::step, "p" + i));
      }
      StringBuilder joined = new StringBuilder();
      for (Promise<String> branch : branches) {
        joined.append(branch.get());
      }
      String sequence = steps.step(steps.step(steps.step("s")));
      return joined + "|" + sequence;
    }
  }

  @WorkflowInterface
  public interface TimeoutWorkflow {
    @WorkflowMethod
    String run(String key, int slowAttempts, int maxAttempts);
  }

  public static class TimeoutWorkflowImpl implements TimeoutWorkflow {
    @Override
    public String run(String key, int slowAttempts, int maxAttempts) {
      Steps steps =
          Workflow.newActivityStub(Steps.class, ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(2))
              .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofMillis(200)).setMaximumAttempts(maxAttempts).build())
              .build());
      return steps.slow(key, slowAttempts);
    }
  }

  @WorkflowInterface
  public interface FailsFirstTask {
    @WorkflowMethod
    String run(String key);
  }

  /** Its first workflow task fails (the worker throws), the retry succeeds, then two activities follow. */
  public static class FailsFirstTaskImpl implements FailsFirstTask {
    private final Steps steps = Workflow.newActivityStub(Steps.class, ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

    @Override
    public String run(String key) {
      if (ATTEMPTS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() == 1) {
        throw new IllegalStateException("the first workflow task of " + key + " fails");
      }
      return steps.step(steps.step("a"));
    }
  }

  @BeforeAll
  static void startCluster() {
    sdk = shared.harness();
    sdk.startWorker(TASK_QUEUE, worker -> {
      worker.registerWorkflowImplementationTypes(FanOutImpl.class, Sleeper.Impl.class, TimeoutWorkflowImpl.class,
          FailsFirstTaskImpl.class);
      worker.registerActivitiesImplementations(new StepsImpl());
    });
  }

  @AfterAll
  static void stopCluster() {
    if (sdk != null) {
      sdk.close(); // this class's workers; the shared cluster runs on
    }
  }

  private static WorkflowOptions options(String workflowId) {
    return SdkHarness.options(TASK_QUEUE, workflowId);
  }

  @Test
  void activitiesInParallelAndInSequenceAllReturn() {
    String id = "fanout-" + UUID.randomUUID();
    String result = sdk.client().newWorkflowStub(FanOut.class, options(id)).run(5);

    assertThat(result).isEqualTo("p0.p1.p2.p3.p4.|s...");
    List<HistoryEvent> events = sdk.client().fetchHistory(id).getHistory().getEventsList();
    assertThat(events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)).hasSize(8);
    assertContiguousWithOneVersion(events);
  }

  @Test
  void aRetriedWorkflowTaskIsFollowedByStickyTasksThatStartAtTheRightEvent() {
    String id = "fails-first-" + UUID.randomUUID();
    assertThat(sdk.client().newWorkflowStub(FailsFirstTask.class, options(id)).run(id)).isEqualTo("a..");

    List<HistoryEvent> events = sdk.client().fetchHistory(id).getHistory().getEventsList();
    // the retry's scheduled and started events are written with its completion, in one batch; the sticky tasks
    // after it read history from the middle of that batch and must see every event (a gap fails the task again)
    assertThat(events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)).hasSize(1);
    assertThat(events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)).hasSize(3);
    assertThat(events.get(events.size() - 1).getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  }

  @Test
  void durableTimerFiresAfterItsDuration() {
    String id = "timer-" + UUID.randomUUID();
    long started = System.nanoTime();

    assertThat(sdk.client().newWorkflowStub(Sleeper.class, options(id)).sleep(2_000)).isEqualTo("slept true");

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    List<HistoryEvent> events = sdk.client().fetchHistory(id).getHistory().getEventsList();
    assertThat(events).extracting(HistoryEvent::getEventType).contains(EventType.EVENT_TYPE_TIMER_STARTED, EventType.EVENT_TYPE_TIMER_FIRED);
    assertContiguousWithOneVersion(events);
  }

  @Test
  void activityPastItsStartToCloseTimeoutFailsTheWorkflowWhenNoAttemptIsLeft() {
    String id = "timeout-" + UUID.randomUUID();
    TimeoutWorkflow workflow = sdk.client().newWorkflowStub(TimeoutWorkflow.class, options(id));

    assertThatThrownBy(() -> workflow.run(id, 1, 1))
        .isInstanceOf(WorkflowFailedException.class)
        .cause().isInstanceOf(ActivityFailure.class)
        .cause().isInstanceOf(TimeoutFailure.class);
    List<HistoryEvent> events = sdk.client().fetchHistory(id).getHistory().getEventsList();
    assertThat(events).extracting(HistoryEvent::getEventType)
        .contains(EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
  }

  @Test
  void activityPastItsStartToCloseTimeoutIsRetriedAndTheNextAttemptSucceeds() {
    String id = "retry-" + UUID.randomUUID();

    String result = sdk.client().newWorkflowStub(TimeoutWorkflow.class, options(id)).run(id, 1, 3);

    assertThat(result).isEqualTo(id + " after 2");
    HistoryEvent started = sdk.client().fetchHistory(id).getHistory().getEventsList().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED).findFirst().orElseThrow();
    assertThat(started.getActivityTaskStartedEventAttributes().getAttempt()).isEqualTo(2);
  }

  @Test
  void secondStartOfARunningWorkflowIdIsRejected() {
    String id = "dup-" + UUID.randomUUID();
    WorkflowExecution first = WorkflowClient.start(sdk.client().newWorkflowStub(Sleeper.class, options(id))::sleep, 3_000L);

    assertThatThrownBy(() -> WorkflowClient.start(sdk.client().newWorkflowStub(Sleeper.class, options(id))::sleep, 10L))
        .isInstanceOf(WorkflowExecutionAlreadyStarted.class)
        .satisfies(e -> assertThat(((WorkflowExecutionAlreadyStarted) e).getExecution().getRunId()).isEqualTo(first.getRunId()));

    var description = sdk.stubs().blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
        .setNamespace(TestCluster.NAMESPACE).setExecution(WorkflowExecution.newBuilder().setWorkflowId(id)).build());
    assertThat(description.getWorkflowExecutionInfo().getExecution().getRunId()).isEqualTo(first.getRunId());
    assertThat(description.getWorkflowExecutionInfo().getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
  }

  @Test
  void startInAnUnknownNamespaceIsRejectedWithNotFound() {
    WorkflowClient stranger =
        WorkflowClient.newInstance(sdk.stubs(), WorkflowClientOptions.newBuilder().setNamespace("no-such-namespace").build());

    assertThatThrownBy(() -> WorkflowClient.start(stranger.newWorkflowStub(Sleeper.class, options("x-" + UUID.randomUUID()))::sleep, 1L))
        .isInstanceOf(WorkflowServiceException.class)
        .rootCause().isInstanceOf(StatusRuntimeException.class)
        .satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  /** Event ids run 1..n without gaps, and every event carries the namespace's failover version. */
  private static void assertContiguousWithOneVersion(List<HistoryEvent> events) {
    long namespaceVersion = sdk.stubs().blockingStub()
        .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(TestCluster.NAMESPACE).build())
        .getFailoverVersion();
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).getEventId()).isEqualTo(i + 1L);
      assertThat(events.get(i).getVersion()).isEqualTo(namespaceVersion);
    }
  }
}
