package dev.conduit.it.semantics;

import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.conduit.it.support.SdkHarness;
import dev.conduit.it.support.SharedCluster;
import dev.conduit.it.support.TestCluster;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.update.v1.Input;
import io.temporal.api.update.v1.Meta;
import io.temporal.api.update.v1.Request;
import io.temporal.api.update.v1.WaitPolicy;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionRequest;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Workflow Update with the official Java SDK: validation, acceptance, completion, rejection, waits, dedup. */
class WorkflowUpdateIT {
  private static final String TASK_QUEUE = SdkHarness.taskQueue("updates");
  @RegisterExtension
  static final SharedCluster shared = new SharedCluster();
  private static SdkHarness sdk;

  @WorkflowInterface
  public interface Counter {
    @WorkflowMethod
    int run();

    /** Adds to the total and answers it; a negative amount is rejected by the validator. */
    @UpdateMethod
    int add(int amount);

    @UpdateValidatorMethod(updateName = "add")
    void validateAdd(int amount);

    /** Waits for {@link #release} and answers how many times this handler ran in the run. */
    @UpdateMethod
    int slow();

    @SignalMethod
    void release();

    @SignalMethod
    void finish();

    @QueryMethod
    int total();
  }

  public static class CounterImpl implements Counter {
    private int total;
    private int slowRuns;
    private boolean released;
    private boolean finished;

    @Override
    public int run() {
      Workflow.await(() -> finished);
      return total;
    }

    @Override
    public int add(int amount) {
      total += amount;
      return total;
    }

    @Override
    public void validateAdd(int amount) {
      if (amount < 0) {
        throw new IllegalArgumentException("amount must not be negative: " + amount);
      }
    }

    @Override
    public int slow() {
      slowRuns++;
      Workflow.await(() -> released);
      return slowRuns;
    }

    @Override
    public void release() {
      released = true;
    }

    @Override
    public void finish() {
      finished = true;
    }

    @Override
    public int total() {
      return total;
    }
  }

  @BeforeAll
  static void startCluster() {
    sdk = shared.harness();
    sdk.startWorker(TASK_QUEUE, worker -> worker.registerWorkflowImplementationTypes(CounterImpl.class));
  }

  @AfterAll
  static void stopCluster() {
    if (sdk != null) {
      sdk.close(); // this class's workers; the shared cluster runs on
    }
  }

  /** The SDK requires an explicit conflict policy for update-with-start. */
  private static WorkflowOptions withStartOptions(String workflowId, WorkflowIdConflictPolicy policy) {
    return SdkHarness.options(TASK_QUEUE, workflowId).toBuilder().setWorkflowIdConflictPolicy(policy).build();
  }

  private static Counter start(String workflowId) {
    Counter counter = sdk.client().newWorkflowStub(Counter.class, SdkHarness.options(TASK_QUEUE, workflowId));
    WorkflowClient.start(counter::run);
    return counter;
  }

  @Test
  void anUpdateIsAcceptedAndCompletedWithItsResultAndBothAreInHistory() {
    String id = "update-" + UUID.randomUUID();
    Counter counter = start(id);

    assertThat(counter.add(5)).isEqualTo(5);
    assertThat(counter.add(3)).isEqualTo(8);
    counter.finish();

    assertThat(WorkflowStub.fromTyped(counter).getResult(Integer.class)).isEqualTo(8);
    List<HistoryEvent> events = Histories.of(sdk.client(), id);
    List<HistoryEvent> accepted = Histories.ofType(events, EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
    List<HistoryEvent> completed = Histories.ofType(events, EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED);
    assertThat(accepted).hasSize(2);
    assertThat(completed).hasSize(2);
    assertThat(accepted).allSatisfy(e -> assertThat(
        e.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequest().getInput().getName()).isEqualTo("add"));
    assertThat(completed.get(0).getWorkflowExecutionUpdateCompletedEventAttributes().getAcceptedEventId())
        .isEqualTo(accepted.get(0).getEventId());
    assertThat(completed.get(0).getWorkflowExecutionUpdateCompletedEventAttributes().getOutcome().hasSuccess()).isTrue();
    // a query of the closed run replays its whole history, updates included, on the worker
    assertThat(counter.total()).isEqualTo(8);
    assertThatCode(() -> WorkflowReplayer.replayWorkflowExecution(sdk.client().fetchHistory(id), CounterImpl.class))
        .doesNotThrowAnyException();
  }

  @Test
  void anAcceptedUpdateWhoseWorkflowClosesFirstFailsWithTheServersFailure() throws Exception {
    String id = "update-orphan-" + UUID.randomUUID();
    Counter counter = start(id);
    WorkflowStub stub = WorkflowStub.fromTyped(counter);
    WorkflowUpdateHandle<Integer> handle = stub.startUpdate(UpdateOptions.newBuilder(Integer.class)
        .setUpdateName("slow")
        .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
        .build());

    counter.finish();
    stub.getResult(Integer.class);

    ExecutionException e = catchThrowableOfType(ExecutionException.class,
        () -> handle.getResultAsync().get(30, TimeUnit.SECONDS));
    assertThat(e.getCause()).isInstanceOf(WorkflowUpdateException.class);
    assertThat(e.getCause().getCause()).isInstanceOfSatisfying(ApplicationFailure.class,
        f -> assertThat(f.getType()).isEqualTo("AcceptedUpdateCompletedWorkflow"));
  }

  @Test
  void aRejectedUpdateFailsItsCallerAndLeavesNoUpdateEvent() {
    String id = "update-rejected-" + UUID.randomUUID();
    Counter counter = start(id);

    WorkflowUpdateException rejected = catchThrowableOfType(WorkflowUpdateException.class, () -> counter.add(-4));
    assertThat(counter.add(2)).as("the workflow goes on after a rejection").isEqualTo(2);
    counter.finish();

    assertThat(rejected.getCause()).isInstanceOf(ApplicationFailure.class);
    assertThat(rejected.getCause().getMessage()).contains("amount must not be negative: -4");
    assertThat(WorkflowStub.fromTyped(counter).getResult(Integer.class)).isEqualTo(2);
    List<HistoryEvent> accepted = Histories.ofType(Histories.of(sdk.client(), id),
        EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
    assertThat(accepted).hasSize(1);
    assertThat(accepted.get(0).getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequest()
        .getInput().getArgs().getPayloads(0).getData().toStringUtf8()).isEqualTo("2");
  }

  @Test
  void aRejectedUpdateOfAnIdleWorkflowLeavesNoEventAtAllAndTheWorkflowGoesOn() {
    String id = "update-speculative-" + UUID.randomUUID();
    Counter counter = start(id);
    // idle: the first workflow task completed and nothing else is pending
    await().atMost(Duration.ofSeconds(30)).until(() -> Histories.of(sdk.client(), id).stream()
        .anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED));
    List<HistoryEvent> idle = Histories.of(sdk.client(), id);

    assertThatThrownBy(() -> counter.add(-4)).isInstanceOf(WorkflowUpdateException.class);
    assertThatThrownBy(() -> counter.add(-5)).isInstanceOf(WorkflowUpdateException.class);
    assertThat(Histories.of(sdk.client(), id)).as("the workflow tasks that rejected left no event").isEqualTo(idle);

    assertThat(counter.add(2)).isEqualTo(2);
    // the accepted update's events follow the last WorkflowTaskCompleted: the next task ships them to the worker
    // again, and the worker that rolled back to the discarded task's start takes them once more
    List<HistoryEvent> afterAccepted = Histories.of(sdk.client(), id);
    assertThatThrownBy(() -> counter.add(-6)).isInstanceOf(WorkflowUpdateException.class);
    assertThat(Histories.of(sdk.client(), id)).isEqualTo(afterAccepted);
    assertThat(counter.add(3)).isEqualTo(5);
    counter.finish();

    assertThat(WorkflowStub.fromTyped(counter).getResult(Integer.class)).isEqualTo(5);
    List<HistoryEvent> events = Histories.of(sdk.client(), id);
    assertThat(Histories.ofType(events, EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)).hasSize(2);
    assertThat(Histories.ofType(events, EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED))
        .as("the worker took the events shipped again without a hitch").isEmpty();
    assertThatCode(() -> WorkflowReplayer.replayWorkflowExecution(sdk.client().fetchHistory(id), CounterImpl.class))
        .doesNotThrowAnyException();
  }

  @Test
  void anUpdateWaitedForToAcceptanceIsPolledToItsResultAndASecondRequestWithItsIdJoinsIt() throws Exception {
    String id = "update-async-" + UUID.randomUUID();
    Counter counter = start(id);
    WorkflowStub stub = WorkflowStub.fromTyped(counter);
    UpdateOptions<Integer> options = UpdateOptions.newBuilder(Integer.class)
        .setUpdateName("slow")
        .setUpdateId("slow-1")
        .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
        .build();

    WorkflowUpdateHandle<Integer> handle = stub.startUpdate(options);
    WorkflowUpdateHandle<Integer> again = stub.startUpdate(options);
    assertThat(handle.getResultAsync().isDone()).as("accepted, still waiting for release").isFalse();
    counter.release();

    assertThat(handle.getResultAsync().get(30, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(again.getResultAsync().get(30, TimeUnit.SECONDS)).as("the same update, run once").isEqualTo(1);
    assertThat(stub.startUpdate(options.toBuilder().setWaitForStage(WorkflowUpdateStage.COMPLETED).build())
        .getResultAsync().get(30, TimeUnit.SECONDS)).as("completed, found by its id").isEqualTo(1);
    counter.finish();
    stub.getResult(Integer.class);
    List<HistoryEvent> events = Histories.of(sdk.client(), id);
    assertThat(Histories.ofType(events, EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)).hasSize(1);
    assertThat(Histories.ofType(events, EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED)).hasSize(1);
  }

  @Test
  void updateWithStartStartsTheWorkflowAndItsFirstTaskAcceptsTheUpdate() throws Exception {
    String id = "uws-" + UUID.randomUUID();
    Counter counter = sdk.client().newWorkflowStub(Counter.class, withStartOptions(id,
        WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL));
    WithStartWorkflowOperation<Integer> start = new WithStartWorkflowOperation<>(counter::run);

    int total = WorkflowClient.executeUpdateWithStart(counter::add, 7,
        UpdateOptions.<Integer>newBuilder().setWaitForStage(WorkflowUpdateStage.COMPLETED).build(), start);
    counter.finish();

    assertThat(total).isEqualTo(7);
    assertThat(start.getResult()).isEqualTo(7);
    List<HistoryEvent> events = Histories.of(sdk.client(), id);
    HistoryEvent accepted = Histories.ofType(events, EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED).get(0);
    assertThat(events.get((int) accepted.getEventId() - 2).getEventType())
        .as("accepted right after the first workflow task completed").isEqualTo(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    assertThat(accepted.getEventId()).isEqualTo(5);
  }

  @Test
  void updateWithStartOnARunningWorkflowUpdatesItOnlyWhenTheConflictPolicySaysSo() {
    String id = "uws-running-" + UUID.randomUUID();
    Counter running = start(id);
    String runId = WorkflowStub.fromTyped(running).getExecution().getRunId();
    running.add(1);

    Counter failing = sdk.client().newWorkflowStub(Counter.class, withStartOptions(id,
        WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL));
    WorkflowServiceException conflict = catchThrowableOfType(WorkflowServiceException.class,
        () -> WorkflowClient.executeUpdateWithStart(failing::add, 10,
            UpdateOptions.<Integer>newBuilder().setWaitForStage(WorkflowUpdateStage.COMPLETED).build(),
            new WithStartWorkflowOperation<>(failing::run)));
    Counter reusing = sdk.client().newWorkflowStub(Counter.class, withStartOptions(id,
        WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING));
    int total = WorkflowClient.executeUpdateWithStart(reusing::add, 2,
        UpdateOptions.<Integer>newBuilder().setWaitForStage(WorkflowUpdateStage.COMPLETED).build(),
        new WithStartWorkflowOperation<>(reusing::run));

    assertThat(conflict.getCause()).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));
    assertThat(total).as("1 before, 10 refused, 2 now").isEqualTo(3);
    running.finish();
    assertThat(WorkflowStub.fromTyped(running).getResult(Integer.class)).as("the update went to the running run")
        .isEqualTo(3);
    assertThat(sdk.client().fetchHistory(id).getLastEvent().getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    assertThat(sdk.stubs().blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
        .setNamespace(TestCluster.NAMESPACE)
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
        .build()).getWorkflowExecutionInfo().getExecution().getRunId()).as("no second run").isEqualTo(runId);
  }

  @Test
  void anInvalidUpdateWithStartStartsNothingAndNamesTheProblem() {
    String id = "uws-invalid-" + UUID.randomUUID();
    Counter counter = sdk.client().newWorkflowStub(Counter.class, withStartOptions(id,
        WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL));

    WorkflowServiceException e = catchThrowableOfType(WorkflowServiceException.class,
        () -> WorkflowClient.startUpdateWithStart(counter::add, 1, UpdateOptions.<Integer>newBuilder()
            .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
            .setFirstExecutionRunId(UUID.randomUUID().toString())
            .build(), new WithStartWorkflowOperation<>(counter::run)));

    assertThat(e.getCause()).isInstanceOfSatisfying(StatusRuntimeException.class, status -> {
      assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(status.getStatus().getDescription()).contains("FirstExecutionRunId");
    });
    assertThatThrownBy(() -> sdk.client().fetchHistory(id)).isInstanceOf(Exception.class);
  }

  @Test
  void anUpdateOfAClosedWorkflowIsNotFoundAndABadRequestIsRefused() {
    String id = "update-closed-" + UUID.randomUUID();
    Counter counter = start(id);
    counter.finish();
    WorkflowStub.fromTyped(counter).getResult(Integer.class);

    StatusRuntimeException closed = catchThrowableOfType(StatusRuntimeException.class,
        () -> sdk.stubs().blockingStub().updateWorkflowExecution(request(id, "add")));
    StatusRuntimeException noName = catchThrowableOfType(StatusRuntimeException.class,
        () -> sdk.stubs().blockingStub().updateWorkflowExecution(request(id, "")));

    assertThat(closed.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(closed.getStatus().getDescription()).contains("workflow execution already completed");
    assertThat(noName.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(noName.getStatus().getDescription()).contains("request.input.name");
    assertThatThrownBy(() -> sdk.stubs().blockingStub().updateWorkflowExecution(request("no-such-" + id, "add")))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  private static UpdateWorkflowExecutionRequest request(String workflowId, String name) {
    return UpdateWorkflowExecutionRequest.newBuilder()
        .setNamespace(TestCluster.NAMESPACE)
        .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
        .setWaitPolicy(WaitPolicy.newBuilder()
            .setLifecycleStage(UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED))
        .setRequest(Request.newBuilder()
            .setMeta(Meta.newBuilder().setUpdateId(UUID.randomUUID().toString()))
            .setInput(Input.newBuilder().setName(name)))
        .build();
  }
}
