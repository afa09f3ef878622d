package dev.conduit.it.semantics;

import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.it.support.SdkHarness;
import dev.conduit.it.support.SharedCluster;
import dev.conduit.it.support.Sleeper;
import dev.conduit.it.support.TestCluster;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Child workflows, continue-as-new chains and the execution timeout with the official Java SDK. */
class ChainsAndChildrenIT {
  private static final String TASK_QUEUE = SdkHarness.taskQueue("chains");
  @RegisterExtension
  static final SharedCluster shared = new SharedCluster();
  private static SdkHarness sdk;

  @WorkflowInterface
  public interface Child {
    @WorkflowMethod
    String run(String name, boolean fail);

    @SignalMethod
    void go(String value);
  }

  public static class ChildImpl implements Child {
    private String value;

    @Override
    public String run(String name, boolean fail) {
      if (fail) {
        throw ApplicationFailure.newNonRetryableFailure("child " + name + " gave up", "ChildError");
      }
      Workflow.await(() -> value != null);
      return name + " got " + value + " from " + Workflow.getInfo().getParentWorkflowId().orElse("nobody");
    }

    @Override
    public void go(String value) {
      this.value = value;
    }
  }

  @WorkflowInterface
  public interface Parent {
    @WorkflowMethod
    String run(boolean failOne);
  }

  public static class ParentImpl implements Parent {
    @Override
    public String run(boolean failOne) {
      String me = Workflow.getInfo().getWorkflowId();
      Child a = Workflow.newChildWorkflowStub(Child.class, ChildWorkflowOptions.newBuilder().setWorkflowId(me + "-a").build());
      Child b = Workflow.newChildWorkflowStub(Child.class, ChildWorkflowOptions.newBuilder().setWorkflowId(me + "-b").build());
      Promise<String> first = Async.function(a::run, "a", false);
      Promise<String> second = Async.function(b::run, "b", failOne);
      // Both children are started (their started events are in this history) before they are signalled.
      Workflow.getWorkflowExecution(a).get();
      a.go("signal-a");
      if (failOne) {
        try {
          second.get();
          return "unexpected";
        } catch (ChildWorkflowFailure e) {
          return first.get() + " | " + ((ApplicationFailure) e.getCause()).getOriginalMessage();
        }
      }
      Workflow.getWorkflowExecution(b).get();
      b.go("signal-b");
      return first.get() + " | " + second.get();
    }
  }

  @WorkflowInterface
  public interface CancellingParent {
    @WorkflowMethod
    String run();
  }

  public static class CancellingParentImpl implements CancellingParent {
    @Override
    public String run() {
      Child child = Workflow.newChildWorkflowStub(Child.class, ChildWorkflowOptions.newBuilder()
          .setWorkflowId(Workflow.getInfo().getWorkflowId() + "-c")
          .setCancellationType(ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED)
          .build());
      List<Promise<String>> result = new ArrayList<>();
      CancellationScope scope = Workflow.newCancellationScope(() -> {
        result.add(Async.function(child::run, "c", false));
      });
      scope.run();
      Workflow.getWorkflowExecution(child).get();
      scope.cancel();
      try {
        return "not cancelled: " + result.get(0).get();
      } catch (ChildWorkflowFailure e) {
        return "child ended with " + e.getCause().getClass().getSimpleName();
      }
    }
  }

  @WorkflowInterface
  public interface Lineage {
    /** Runs {@code depth} more generations below itself; returns each generation's root workflow id. */
    @WorkflowMethod
    String roots(int depth);
  }

  public static class LineageImpl implements Lineage {
    @Override
    public String roots(int depth) {
      String mine = Workflow.getInfo().getRootWorkflowId().orElse("none");
      return depth == 0 ? mine : mine + " " + Workflow.newChildWorkflowStub(Lineage.class).roots(depth - 1);
    }
  }

  @WorkflowInterface
  public interface Counter {
    @WorkflowMethod
    String count(int round);
  }

  public static class CounterImpl implements Counter {
    @Override
    public String count(int round) {
      if (round < 3) {
        Workflow.continueAsNew(round + 1);
      }
      return "done after round " + round + ", attempt " + Workflow.getInfo().getAttempt();
    }
  }

  @WorkflowInterface
  public interface Retried {
    @WorkflowMethod
    String run();
  }

  public static class RetriedImpl implements Retried {
    @Override
    public String run() {
      int attempt = Workflow.getInfo().getAttempt();
      if (attempt < 2) {
        throw ApplicationFailure.newFailure("attempt " + attempt + " fails", "Transient");
      }
      return "succeeded on attempt " + attempt;
    }
  }

  @BeforeAll
  static void startCluster() {
    sdk = shared.harness();
    sdk.startWorker(TASK_QUEUE, worker -> worker.registerWorkflowImplementationTypes(ChildImpl.class, ParentImpl.class,
        CounterImpl.class, Sleeper.Impl.class, RetriedImpl.class, CancellingParentImpl.class, LineageImpl.class));
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
  void twoChildrenRunInParallelAndTheirResultsReachTheParent() {
    String id = "parent-" + UUID.randomUUID();

    String result = sdk.client().newWorkflowStub(Parent.class, options(id)).run(false);

    assertThat(result).isEqualTo("a got signal-a from " + id + " | b got signal-b from " + id);
    List<HistoryEvent> events = Histories.of(sdk.client(), id);
    assertThat(Histories.ofType(events, EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED)).hasSize(2);
    assertThat(Histories.ofType(events, EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED)).hasSize(2);
    assertThat(Histories.ofType(events, EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED)).hasSize(2);
    assertThat(Histories.ofType(events, EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED)).hasSize(2);
    WorkflowExecutionStartedEventAttributes child = Histories.of(sdk.client(), id + "-a").get(0)
        .getWorkflowExecutionStartedEventAttributes();
    assertThat(child.getParentWorkflowExecution().getWorkflowId()).isEqualTo(id);
  }

  /** As on Temporal: a workflow without a parent has no root in its started event and is its own root in describe. */
  @Test
  void childrenAndGrandchildrenKnowTheRootOfTheirChain() {
    String id = "lineage-" + UUID.randomUUID();
    Lineage top = sdk.client().newWorkflowStub(Lineage.class, options(id));

    assertThat(top.roots(2)).isEqualTo("none " + id + " " + id);

    String topRun = WorkflowStub.fromTyped(top).getExecution().getRunId();
    var described = sdk.stubs().blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
        .setNamespace(TestCluster.NAMESPACE).setExecution(WorkflowExecution.newBuilder().setWorkflowId(id)).build());
    assertThat(described.getWorkflowExecutionInfo().getRootExecution().getWorkflowId()).isEqualTo(id);
    String childId = Histories.ofType(Histories.of(sdk.client(), id), EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED).get(0)
        .getChildWorkflowExecutionStartedEventAttributes().getWorkflowExecution().getWorkflowId();
    String grandchildId = Histories.ofType(Histories.of(sdk.client(), childId), EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED)
        .get(0).getChildWorkflowExecutionStartedEventAttributes().getWorkflowExecution().getWorkflowId();
    var grandchild = sdk.stubs().blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
        .setNamespace(TestCluster.NAMESPACE).setExecution(WorkflowExecution.newBuilder().setWorkflowId(grandchildId)).build());
    assertThat(grandchild.getWorkflowExecutionInfo().getRootExecution())
        .isEqualTo(WorkflowExecution.newBuilder().setWorkflowId(id).setRunId(topRun).build());
    assertThat(grandchild.getWorkflowExecutionInfo().getParentExecution().getWorkflowId()).isEqualTo(childId);
  }

  @Test
  void aChildFailureReachesTheParent() {
    String id = "parent-fail-" + UUID.randomUUID();

    String result = sdk.client().newWorkflowStub(Parent.class, options(id)).run(true);

    assertThat(result).isEqualTo("a got signal-a from " + id + " | child b gave up");
    HistoryEvent failed = Histories.ofType(Histories.of(sdk.client(), id), EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED).get(0);
    assertThat(failed.getChildWorkflowExecutionFailedEventAttributes().getFailure().getMessage())
        .isEqualTo("child b gave up");
  }

  @Test
  void cancellingAChildRequestsItsCancellationAndTheParentSeesItCanceled() {
    String id = "cancelling-" + UUID.randomUUID();

    String result = sdk.client().newWorkflowStub(CancellingParent.class, options(id)).run();

    assertThat(result).isEqualTo("child ended with CanceledFailure");
    assertThat(Histories.types(Histories.of(sdk.client(), id))).containsSubsequence(
        EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED, EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
        EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED, EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED);
    assertThat(Histories.types(Histories.of(sdk.client(), id + "-c"))).containsSubsequence(
        EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED, EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED);
  }

  @Test
  void continueAsNewThreeTimesIsFollowedByTheClientAndTheFirstRunIsContinuedAsNew() {
    String id = "counter-" + UUID.randomUUID();
    Counter counter = sdk.client().newWorkflowStub(Counter.class, options(id));
    WorkflowExecution first = WorkflowClient.start(counter::count, 0);

    String result = WorkflowStub.fromTyped(counter).getResult(String.class);

    assertThat(result).isEqualTo("done after round 3, attempt 1");
    var described = sdk.stubs().blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
        .setNamespace(TestCluster.NAMESPACE).setExecution(first).build());
    assertThat(described.getWorkflowExecutionInfo().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW);
    HistoryEvent close = sdk.stubs().blockingStub().getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest
            .newBuilder()
            .setNamespace(TestCluster.NAMESPACE)
            .setExecution(first)
            .setHistoryEventFilterType(HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT)
            .build())
        .getHistory().getEvents(0);
    assertThat(close.getEventType()).isEqualTo(EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    String second = close.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId();
    WorkflowExecutionStartedEventAttributes secondStarted = Histories.of(sdk.client(),
        WorkflowExecution.newBuilder().setWorkflowId(id).setRunId(second).build()).get(0)
        .getWorkflowExecutionStartedEventAttributes();
    assertThat(secondStarted.getContinuedExecutionRunId()).isEqualTo(first.getRunId());
    WorkflowExecutionStartedEventAttributes lastStarted = Histories.of(sdk.client(), id).get(0)
        .getWorkflowExecutionStartedEventAttributes();
    assertThat(lastStarted.getFirstExecutionRunId()).isEqualTo(first.getRunId());
    assertThat(lastStarted.getInput().getPayloads(0).getData().toStringUtf8()).isEqualTo("3");
  }

  @Test
  void aHistoryReadBackwardsPageByPageIsTheForwardHistoryNewestFirst() {
    String id = "reverse-" + UUID.randomUUID();
    Counter counter = sdk.client().newWorkflowStub(Counter.class, options(id));
    WorkflowExecution first = WorkflowClient.start(counter::count, 1);
    WorkflowStub.fromTyped(counter).getResult(String.class);

    // no run named: the current (last) run; the first run when named
    for (WorkflowExecution execution : List.of(WorkflowExecution.newBuilder().setWorkflowId(id).build(), first)) {
      List<HistoryEvent> forward = new java.util.ArrayList<>(Histories.of(sdk.client(), execution));
      java.util.Collections.reverse(forward);
      List<HistoryEvent> backward = new java.util.ArrayList<>();
      com.google.protobuf.ByteString token = com.google.protobuf.ByteString.EMPTY;
      int pages = 0;
      do {
        var page = sdk.stubs().blockingStub().getWorkflowExecutionHistoryReverse(
            io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryReverseRequest.newBuilder()
                .setNamespace(TestCluster.NAMESPACE).setExecution(execution).setMaximumPageSize(2)
                .setNextPageToken(token).build());
        assertThat(page.getHistory().getEventsCount()).isBetween(1, 2);
        backward.addAll(page.getHistory().getEventsList());
        token = page.getNextPageToken();
        pages++;
      } while (!token.isEmpty());
      assertThat(backward).isEqualTo(forward);
      assertThat(pages).isEqualTo((forward.size() + 1) / 2);
    }
  }

  @Test
  void aFailedWorkflowIsRetriedPerItsRetryPolicyAndTheClientGetsTheLastAttemptsResult() {
    String id = "retried-" + UUID.randomUUID();
    Retried retried = sdk.client().newWorkflowStub(Retried.class, WorkflowOptions.newBuilder()
        .setTaskQueue(TASK_QUEUE).setWorkflowId(id)
        .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofMillis(300)).setMaximumAttempts(3).build())
        .build());
    WorkflowExecution first = WorkflowClient.start(retried::run);

    assertThat(WorkflowStub.fromTyped(retried).getResult(String.class)).isEqualTo("succeeded on attempt 2");
    HistoryEvent failed = Histories.last(Histories.of(sdk.client(), first));
    assertThat(failed.getEventType()).isEqualTo(EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
    assertThat(failed.getWorkflowExecutionFailedEventAttributes().getRetryState()).isEqualTo(RetryState.RETRY_STATE_IN_PROGRESS);
    WorkflowExecutionStartedEventAttributes second = Histories.of(sdk.client(), id).get(0)
        .getWorkflowExecutionStartedEventAttributes();
    assertThat(second.getAttempt()).isEqualTo(2);
    assertThat(second.getContinuedFailure().getMessage()).isEqualTo("attempt 1 fails");
  }

  @Test
  void theExecutionTimeoutEndsAWorkflowThatRunsTooLong() {
    String id = "timeout-" + UUID.randomUUID();
    Sleeper sleeper = sdk.client().newWorkflowStub(Sleeper.class, WorkflowOptions.newBuilder()
        .setTaskQueue(TASK_QUEUE).setWorkflowId(id).setWorkflowExecutionTimeout(Duration.ofSeconds(2)).build());

    assertThatThrownBy(() -> sleeper.sleep(30_000))
        .isInstanceOf(WorkflowFailedException.class).cause().isInstanceOf(TimeoutFailure.class);
    assertThat(Histories.last(Histories.of(sdk.client(), id)).getEventType()).isEqualTo(EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT);
  }
}
