package dev.conduit.it.semantics;

import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.it.support.SdkHarness;
import dev.conduit.it.support.SharedCluster;
import dev.conduit.it.support.Sleeper;
import dev.conduit.it.support.TestCluster;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.QueryRejectCondition;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowQueryRejectedException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TerminatedFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Signals, queries, signal-with-start, cancellation and termination with the official Java SDK. */
class MessagingIT {
  private static final String TASK_QUEUE = SdkHarness.taskQueue("messaging");
  private static final Set<String> CLEANED_UP = ConcurrentHashMap.newKeySet();
  private static final Set<String> SAW_CANCEL = ConcurrentHashMap.newKeySet();
  private static final ConcurrentHashMap<String, CountDownLatch> ACTIVITY_STARTED = new ConcurrentHashMap<>();
  @RegisterExtension
  static final SharedCluster shared = new SharedCluster();
  private static SdkHarness sdk;

  @WorkflowInterface
  public interface Canceller {
    @WorkflowMethod
    void cancel(String workflowId, String reason);
  }

  public static class CancellerImpl implements Canceller {
    @Override
    public void cancel(String workflowId, String reason) {
      Workflow.newUntypedExternalWorkflowStub(workflowId).cancel(reason);
    }
  }

  @WorkflowInterface
  public interface Approval {
    @WorkflowMethod
    String run(int needed);

    @SignalMethod
    void approve(String who);

    @QueryMethod
    String status();
  }

  public static class ApprovalImpl implements Approval {
    private final List<String> approvals = new ArrayList<>();

    @Override
    public String run(int needed) {
      Workflow.await(() -> approvals.size() >= needed);
      return "approved by " + String.join(",", approvals);
    }

    @Override
    public void approve(String who) {
      approvals.add(who);
    }

    @Override
    public String status() {
      return approvals.size() + " approvals";
    }
  }

  @ActivityInterface
  public interface Work {
    /** Heartbeats until cancelled (or 60 s). */
    String longRunning(String key);

    String cleanup(String key);
  }

  public static class WorkImpl implements Work {
    @Override
    public String longRunning(String key) {
      ACTIVITY_STARTED.computeIfAbsent(key, k -> new CountDownLatch(1)).countDown();
      for (int i = 0; i < 600; i++) {
        try {
          Activity.getExecutionContext().heartbeat(i);
          Thread.sleep(100);
        } catch (ActivityCanceledException e) {
          SAW_CANCEL.add(key);
          throw e;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw Activity.wrap(e);
        }
      }
      return "never cancelled";
    }

    @Override
    public String cleanup(String key) {
      CLEANED_UP.add(key);
      return "cleaned " + key;
    }
  }

  @WorkflowInterface
  public interface Cancellable {
    @WorkflowMethod
    String run(String key);
  }

  public static class CancellableImpl implements Cancellable {
    private final Work work = Workflow.newActivityStub(Work.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(90))
        .setHeartbeatTimeout(Duration.ofSeconds(2))
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());

    @Override
    public String run(String key) {
      try {
        return work.longRunning(key);
      } catch (ActivityFailure | CanceledFailure e) {
        if (!CancellationScope.current().isCancelRequested()) {
          throw e;
        }
        // Cleanup must run although the workflow's own scope is cancelled.
        Workflow.newDetachedCancellationScope(() -> work.cleanup(key)).run();
        throw new CanceledFailure("cancelled after cleanup");
      }
    }
  }

  @BeforeAll
  static void startCluster() {
    sdk = shared.harness();
    sdk.startWorker(TASK_QUEUE, worker -> {
      worker.registerWorkflowImplementationTypes(ApprovalImpl.class, CancellableImpl.class, Sleeper.Impl.class,
          CancellerImpl.class);
      worker.registerActivitiesImplementations(new WorkImpl());
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
  void signalThenQueryThenFinish() {
    String id = "approval-" + UUID.randomUUID();
    Approval approval = sdk.client().newWorkflowStub(Approval.class, options(id));
    WorkflowClient.start(approval::run, 2);

    approval.approve("alice");
    assertThat(approval.status()).isEqualTo("1 approvals");
    approval.approve("bob");

    assertThat(WorkflowStub.fromTyped(approval).getResult(String.class)).isEqualTo("approved by alice,bob");
    List<HistoryEvent> signals = Histories.ofType(Histories.of(sdk.client(), id), EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
    assertThat(signals).hasSize(2);
    assertThat(signals).allSatisfy(e ->
        assertThat(e.getWorkflowExecutionSignaledEventAttributes().getSignalName()).isEqualTo("approve"));
    assertThat(approval.status()).as("a closed workflow is still queried").isEqualTo("2 approvals");
  }

  @Test
  void queryRejectConditionRefusesAClosedWorkflow() {
    String id = "rejected-" + UUID.randomUUID();
    Approval approval = sdk.client().newWorkflowStub(Approval.class, options(id));
    WorkflowClient.start(approval::run, 1);
    approval.approve("dave");
    WorkflowStub.fromTyped(approval).getResult(String.class);

    WorkflowClient strict = WorkflowClient.newInstance(sdk.stubs(), WorkflowClientOptions.newBuilder()
        .setNamespace(TestCluster.NAMESPACE)
        .setQueryRejectCondition(QueryRejectCondition.QUERY_REJECT_CONDITION_NOT_OPEN)
        .build());
    Approval closed = strict.newWorkflowStub(Approval.class, id);

    assertThatThrownBy(closed::status).isInstanceOf(WorkflowQueryRejectedException.class);
  }

  @Test
  void signalWithStartStartsTheWorkflowWithTheSignalFirst() {
    String id = "sws-" + UUID.randomUUID();
    Approval approval = sdk.client().newWorkflowStub(Approval.class, options(id));
    BatchRequest batch = sdk.client().newSignalWithStartRequest();
    batch.add(approval::run, 1);
    batch.add(approval::approve, "carol");

    WorkflowExecution execution = sdk.client().signalWithStart(batch);

    assertThat(WorkflowStub.fromTyped(approval).getResult(String.class)).isEqualTo("approved by carol");
    List<HistoryEvent> events = Histories.of(sdk.client(), execution);
    assertThat(Histories.types(events).subList(0, 3)).containsExactly(EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
        EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
  }

  @Test
  void cancellationStopsTheActivityThroughItsHeartbeatAndRunsCleanupInADetachedScope() throws Exception {
    String id = "cancel-" + UUID.randomUUID();
    Cancellable workflow = sdk.client().newWorkflowStub(Cancellable.class, options(id));
    WorkflowClient.start(workflow::run, id);
    assertThat(ACTIVITY_STARTED.computeIfAbsent(id, k -> new CountDownLatch(1)).await(30, TimeUnit.SECONDS)).isTrue();

    WorkflowStub.fromTyped(workflow).cancel();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(String.class))
        .isInstanceOf(WorkflowFailedException.class).cause().isInstanceOf(CanceledFailure.class);
    assertThat(SAW_CANCEL).contains(id);
    assertThat(CLEANED_UP).contains(id);
    List<HistoryEvent> events = Histories.of(sdk.client(), id);
    assertThat(Histories.types(events)).containsSubsequence(EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
        EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED, EVENT_TYPE_ACTIVITY_TASK_CANCELED, EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
        EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED);
  }

  @Test
  void aWorkflowsCancelReasonReachesTheTargetsCancelRequest() {
    String target = "cancel-target-" + UUID.randomUUID();
    Sleeper sleeper = sdk.client().newWorkflowStub(Sleeper.class, options(target));
    WorkflowClient.start(sleeper::sleep, 60_000L);

    sdk.client().newWorkflowStub(Canceller.class, options("canceller-" + UUID.randomUUID())).cancel(target, "stock gone");

    assertThatThrownBy(() -> WorkflowStub.fromTyped(sleeper).getResult(String.class))
        .isInstanceOf(WorkflowFailedException.class).cause().isInstanceOf(CanceledFailure.class);
    HistoryEvent requested = Histories.ofType(Histories.of(sdk.client(), target), EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED)
        .get(0);
    assertThat(requested.getWorkflowExecutionCancelRequestedEventAttributes().getCause()).isEqualTo("stock gone");
  }

  @Test
  void terminationClosesTheRunAndLaterSignalsFindItGone() {
    String id = "terminate-" + UUID.randomUUID();
    Sleeper sleeper = sdk.client().newWorkflowStub(Sleeper.class, options(id));
    WorkflowClient.start(sleeper::sleep, 60_000L);
    WorkflowStub stub = WorkflowStub.fromTyped(sleeper);

    stub.terminate("enough", "details");

    assertThatThrownBy(() -> stub.getResult(String.class))
        .isInstanceOf(WorkflowFailedException.class).cause().isInstanceOf(TerminatedFailure.class);
    HistoryEvent terminated = Histories.last(Histories.of(sdk.client(), id));
    assertThat(terminated.getEventType()).isEqualTo(EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
    assertThat(terminated.getWorkflowExecutionTerminatedEventAttributes().getReason()).isEqualTo("enough");
    assertThatThrownBy(() -> stub.signal("anything")).isInstanceOf(WorkflowNotFoundException.class);
  }
}
