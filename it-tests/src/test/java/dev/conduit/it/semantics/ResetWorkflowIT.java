package dev.conduit.it.semantics;

import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.conduit.it.support.SdkHarness;
import dev.conduit.it.support.SharedCluster;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.PostResetOperation;
import io.temporal.api.enums.v1.ResetReapplyExcludeType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.ResetWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ResetWorkflowExecution with the official Java SDK: the new run runs the workflow code again from the reset point
 * (an activity after it runs again), signals and updates received after the point are reapplied, the old run is
 * terminated, the new history replays, a child started before the point goes on with the new run, and a bad reset
 * point is refused without changing the run.
 */
class ResetWorkflowIT {
  private static final String TASK_QUEUE = SdkHarness.taskQueue("reset");
  private static final AtomicInteger CHARGES = new AtomicInteger();
  @RegisterExtension
  static final SharedCluster shared = new SharedCluster();
  private static SdkHarness sdk;

  @ActivityInterface
  public interface Payments {
    String charge(String order);
  }

  public static class PaymentsImpl implements Payments {
    @Override
    public String charge(String order) {
      return "charged " + order + " #" + CHARGES.incrementAndGet();
    }
  }

  @WorkflowInterface
  public interface Order {
    /** Charges the order, then waits for {@link #finish}; answers the charge and the notes received. */
    @WorkflowMethod
    String run(String order);

    @SignalMethod
    void note(String text);

    @SignalMethod
    void finish();

    /** Adds a note and answers all notes so far. */
    @UpdateMethod
    String annotate(String text);
  }

  public static class OrderImpl implements Order {
    private final List<String> notes = new ArrayList<>();
    private boolean finished;

    @Override
    public String run(String order) {
      Payments payments = Workflow.newActivityStub(Payments.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());
      String charged = payments.charge(order);
      Workflow.await(() -> finished);
      return charged + " | " + String.join(",", notes);
    }

    @Override
    public void note(String text) {
      notes.add(text);
    }

    @Override
    public void finish() {
      finished = true;
    }

    @Override
    public String annotate(String text) {
      notes.add(text);
      return String.join(",", notes);
    }
  }

  @WorkflowInterface
  public interface Shipment {
    /** Starts a {@link Packing} child and answers what it answered. */
    @WorkflowMethod
    String ship(String childId);
  }

  @WorkflowInterface
  public interface Packing {
    /** Waits for {@link #release}. */
    @WorkflowMethod
    String pack();

    @SignalMethod
    void release();
  }

  public static class ShipmentImpl implements Shipment {
    @Override
    public String ship(String childId) {
      Packing packing = Workflow.newChildWorkflowStub(Packing.class,
          ChildWorkflowOptions.newBuilder().setWorkflowId(childId).build());
      return "shipped " + packing.pack();
    }
  }

  public static class PackingImpl implements Packing {
    private boolean released;

    @Override
    public String pack() {
      Workflow.await(() -> released);
      return "packed";
    }

    @Override
    public void release() {
      released = true;
    }
  }

  @BeforeAll
  static void startCluster() {
    sdk = shared.harness();
    sdk.startWorker(TASK_QUEUE, worker -> {
      worker.registerWorkflowImplementationTypes(OrderImpl.class, ShipmentImpl.class, PackingImpl.class);
      worker.registerActivitiesImplementations(new PaymentsImpl());
    });
  }

  @AfterAll
  static void stopCluster() {
    if (sdk != null) {
      sdk.close(); // this class's workers; the shared cluster runs on
    }
  }

  private static Order start(String workflowId) {
    Order order = sdk.client().newWorkflowStub(Order.class, SdkHarness.options(TASK_QUEUE, workflowId));
    WorkflowClient.start(order::run, "order-1");
    return order;
  }

  private static ResetWorkflowExecutionRequest.Builder reset(WorkflowExecution execution, long eventId) {
    return ResetWorkflowExecutionRequest.newBuilder()
        .setNamespace(sdk.client().getOptions().getNamespace())
        .setWorkflowExecution(execution)
        .setWorkflowTaskFinishEventId(eventId)
        .setReason("charged twice by a bad deploy")
        .setRequestId(UUID.randomUUID().toString());
  }

  private static long firstWorkflowTaskCompleted(List<HistoryEvent> events) {
    return Histories.ofType(events, EVENT_TYPE_WORKFLOW_TASK_COMPLETED).get(0).getEventId();
  }

  private static WorkflowExecutionStatus status(WorkflowExecution execution) {
    return sdk.stubs().blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
        .setNamespace(sdk.client().getOptions().getNamespace()).setExecution(execution).build())
        .getWorkflowExecutionInfo().getStatus();
  }

  private static String currentRunId(String workflowId) {
    return sdk.stubs().blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(sdk.client().getOptions().getNamespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)).build())
        .getWorkflowExecutionInfo().getExecution().getRunId();
  }

  @Test
  void aResetRunsTheCodeAgainFromThePointWithLaterSignalsAndTerminatesTheOldRun() throws Exception {
    String id = "reset-" + UUID.randomUUID();
    Order order = start(id);
    order.note("gift wrap");
    WorkflowExecution base = WorkflowStub.fromTyped(order).getExecution();
    // the state the test names: the charge is done and the signal is in history
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      List<HistoryEvent> events = Histories.of(sdk.client(), base);
      return !Histories.ofType(events, EVENT_TYPE_ACTIVITY_TASK_COMPLETED).isEmpty()
          && !Histories.ofType(events, EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED).isEmpty();
    });
    int chargesBefore = CHARGES.get();

    String newRunId = sdk.stubs().blockingStub()
        .resetWorkflowExecution(reset(base, firstWorkflowTaskCompleted(Histories.of(sdk.client(), base))).build())
        .getRunId();

    assertThat(newRunId).isNotEqualTo(base.getRunId());
    assertThat(status(base)).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED);
    Order current = sdk.client().newWorkflowStub(Order.class, id);
    current.finish();
    String result = WorkflowStub.fromTyped(current).getResult(String.class);
    assertThat(result).isEqualTo("charged order-1 #" + (chargesBefore + 1) + " | gift wrap");
    WorkflowExecution reset = WorkflowExecution.newBuilder().setWorkflowId(id).setRunId(newRunId).build();
    assertThat(status(reset)).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    List<HistoryEvent> events = Histories.of(sdk.client(), reset);
    var failed = Histories.ofType(events, EVENT_TYPE_WORKFLOW_TASK_FAILED).get(0).getWorkflowTaskFailedEventAttributes();
    assertThat(failed.getCause()).isEqualTo(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW);
    assertThat(failed.getBaseRunId()).isEqualTo(base.getRunId());
    assertThat(failed.getNewRunId()).isEqualTo(newRunId);
    assertThat(Histories.ofType(events, EVENT_TYPE_ACTIVITY_TASK_COMPLETED)).hasSize(1);
    assertThatCode(() -> WorkflowReplayer.replayWorkflowExecution(sdk.client().fetchHistory(id, newRunId),
        OrderImpl.class)).doesNotThrowAnyException();
  }

  @Test
  void updatesAfterThePointAreReappliedAndTheWorkflowRunsThemAgain() {
    String id = "reset-update-" + UUID.randomUUID();
    Order order = start(id);
    assertThat(order.annotate("fragile")).isEqualTo("fragile");
    order.note("signal that is excluded");
    WorkflowExecution base = WorkflowStub.fromTyped(order).getExecution();
    await().atMost(Duration.ofSeconds(30)).until(() ->
        !Histories.ofType(Histories.of(sdk.client(), base), EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED).isEmpty());

    String newRunId = sdk.stubs().blockingStub().resetWorkflowExecution(reset(base, 4)
            .addResetReapplyExcludeTypes(ResetReapplyExcludeType.RESET_REAPPLY_EXCLUDE_TYPE_SIGNAL).build())
        .getRunId();

    Order reset = sdk.client().newWorkflowStub(Order.class, id);
    assertThat(reset.annotate("this side up")).as("the reapplied update ran first").isEqualTo("fragile,this side up");
    reset.finish();
    assertThat(WorkflowStub.fromTyped(reset).getResult(String.class)).endsWith(" | fragile,this side up");
    List<HistoryEvent> events = Histories.of(sdk.client(),
        WorkflowExecution.newBuilder().setWorkflowId(id).setRunId(newRunId).build());
    assertThat(Histories.ofType(events, EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED)).hasSize(1);
    assertThat(Histories.ofType(events, EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED))
        .extracting(e -> e.getWorkflowExecutionSignaledEventAttributes().getSignalName())
        .as("the note signal is excluded; only the finish sent to the new run is there").containsExactly("finish");
  }

  @Test
  void aPostResetSignalReachesTheNewRunAndAnOperationWithoutASignalNameIsRefused() {
    String id = "reset-post-" + UUID.randomUUID();
    Order order = start(id);
    WorkflowExecution base = WorkflowStub.fromTyped(order).getExecution();
    // the state the test names: the charge is done and the workflow task after it completed (the run waits for finish)
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      List<HistoryEvent> events = Histories.of(sdk.client(), base);
      return !Histories.ofType(events, EVENT_TYPE_ACTIVITY_TASK_COMPLETED).isEmpty()
          && Histories.last(events).getEventType() == EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
    });
    long point = firstWorkflowTaskCompleted(Histories.of(sdk.client(), base));
    List<HistoryEvent> before = Histories.of(sdk.client(), base);

    StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
        () -> sdk.stubs().blockingStub().resetWorkflowExecution(reset(base, point).addPostResetOperations(
            PostResetOperation.newBuilder().setSignalWorkflow(PostResetOperation.SignalWorkflow.getDefaultInstance()))
            .build()));
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(refused.getStatus().getDescription()).contains("post_reset_operations[0].signal_workflow.signal_name");
    assertThat(Histories.of(sdk.client(), base)).isEqualTo(before);

    String newRunId = sdk.stubs().blockingStub().resetWorkflowExecution(reset(base, point).addPostResetOperations(
        PostResetOperation.newBuilder().setSignalWorkflow(PostResetOperation.SignalWorkflow.newBuilder()
            .setSignalName("finish"))).build()).getRunId();

    // nobody sends finish to the new run: the post-reset signal did, so it completes by itself
    String result = sdk.client().newUntypedWorkflowStub(id).getResult(String.class);
    assertThat(result).startsWith("charged order-1").endsWith(" | ");
    List<HistoryEvent> events = Histories.of(sdk.client(),
        WorkflowExecution.newBuilder().setWorkflowId(id).setRunId(newRunId).build());
    assertThat(Histories.ofType(events, EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED))
        .extracting(e -> e.getWorkflowExecutionSignaledEventAttributes().getSignalName()).containsExactly("finish");
  }

  @Test
  void aChildStartedBeforeThePointGoesOnWithTheNewRunWhichGetsItsResult() throws Exception {
    String id = "reset-parent-" + UUID.randomUUID();
    String childId = id + "-child";
    Shipment shipment = sdk.client().newWorkflowStub(Shipment.class, SdkHarness.options(TASK_QUEUE, id));
    WorkflowClient.start(shipment::ship, childId);
    WorkflowExecution base = WorkflowStub.fromTyped(shipment).getExecution();
    // the state the test names: the child runs, the parent recorded its start and waits for its result
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      List<HistoryEvent> events = Histories.of(sdk.client(), base);
      return !Histories.ofType(events, EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED).isEmpty()
          && Histories.last(events).getEventType() == EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
    });
    WorkflowExecution child = WorkflowExecution.newBuilder().setWorkflowId(childId).setRunId(currentRunId(childId))
        .build();
    long point = Histories.last(Histories.of(sdk.client(), base)).getEventId();

    String newRunId = sdk.stubs().blockingStub().resetWorkflowExecution(reset(base, point).build()).getRunId();
    assertThat(status(base)).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED);
    assertThat(sdk.stubs().blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(sdk.client().getOptions().getNamespace()).setExecution(base).build())
        .getWorkflowExtendedInfo().getResetRunId()).as("the base names the run that replaced it").isEqualTo(newRunId);
    sdk.client().newWorkflowStub(Packing.class, childId).release();

    assertThat(sdk.client().newUntypedWorkflowStub(id).getResult(String.class))
        .as("the child reported its close to the base, which the reset replaced: the new run got it")
        .isEqualTo("shipped packed");
    assertThat(currentRunId(id)).isEqualTo(newRunId);
    assertThat(currentRunId(childId)).as("the child the base started, no other").isEqualTo(child.getRunId());
    assertThat(status(child)).as("the base's close policy (terminate) left the carried-over child alone")
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    HistoryEvent terminated = Histories.last(Histories.of(sdk.client(), base));
    assertThat(terminated.getWorkflowExecutionTerminatedEventAttributes().getIdentity()).isEqualTo("history-resetter");
    assertThatCode(() -> WorkflowReplayer.replayWorkflowExecution(sdk.client().fetchHistory(id, newRunId),
        ShipmentImpl.class)).doesNotThrowAnyException();
  }

  @Test
  void aBadResetPointIsRefusedAndTheRunGoesOnUnchanged() {
    String id = "reset-bad-" + UUID.randomUUID();
    Order order = start(id);
    WorkflowExecution base = WorkflowStub.fromTyped(order).getExecution();
    // the state the test names: the charge is done and the workflow task after it completed (the run waits)
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      List<HistoryEvent> events = Histories.of(sdk.client(), base);
      return !Histories.ofType(events, EVENT_TYPE_ACTIVITY_TASK_COMPLETED).isEmpty()
          && Histories.last(events).getEventType() == EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
    });
    List<HistoryEvent> before = Histories.of(sdk.client(), base);
    long activityCompleted = Histories.ofType(before, EVENT_TYPE_ACTIVITY_TASK_COMPLETED).get(0).getEventId();

    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> sdk.stubs().blockingStub().resetWorkflowExecution(reset(base, activityCompleted + 1).build()));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).startsWith("Can only reset workflow to event ID in range");
    assertThat(Histories.of(sdk.client(), base)).isEqualTo(before);
    order.finish();
    assertThat(WorkflowStub.fromTyped(order).getResult(String.class)).startsWith("charged order-1");
  }
}
