package dev.conduit.it.semantics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.conduit.it.support.SdkHarness;
import dev.conduit.it.support.SharedCluster;
import dev.conduit.it.support.TestCluster;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Header;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowQueryException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Signals and queries through the public API with the official Java SDK, on frontend, history and
 * matching processes: a workflow that waits for a signal answers queries while open and after it closed,
 * signal-with-start starts it with the signal, and bad input is refused before it reaches a workflow.
 */
class QueryAndSignalApiIT {
  private static final String TASK_QUEUE = SdkHarness.taskQueue("query-signal");
  @RegisterExtension
  static final SharedCluster shared = new SharedCluster();
  private static SdkHarness sdk;

  @WorkflowInterface
  public interface Approval {
    @WorkflowMethod
    String run(String item);

    @SignalMethod
    void approve(String approver);

    @QueryMethod
    String status();
  }

  public static class ApprovalImpl implements Approval {
    private String item;
    private String approver;
    private String status = "new";

    @Override
    public String run(String item) {
      this.item = item;
      status = item + " waiting";
      Workflow.await(() -> approver != null);
      status = item + " approved by " + approver;
      return status;
    }

    @Override
    public void approve(String approver) {
      this.approver = approver;
    }

    @Override
    public String status() {
      return status;
    }
  }

  /** How many times each Counted workflow's method began: once per worker that built the run from its history. */
  private static final ConcurrentHashMap<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

  @WorkflowInterface
  public interface Counted {
    @WorkflowMethod
    String run();

    @SignalMethod
    void finish();

    @QueryMethod
    String status();
  }

  public static class CountedImpl implements Counted {
    private boolean finished;

    @Override
    public String run() {
      RUNS.computeIfAbsent(Workflow.getInfo().getWorkflowId(), id -> new AtomicInteger()).incrementAndGet();
      Workflow.await(() -> finished);
      return "done";
    }

    @Override
    public void finish() {
      finished = true;
    }

    @Override
    public String status() {
      return finished ? "finished" : "waiting";
    }
  }

  @BeforeAll
  static void startCluster() {
    sdk = shared.harness();
    sdk.startWorker(TASK_QUEUE, worker -> worker.registerWorkflowImplementationTypes(ApprovalImpl.class, CountedImpl.class));
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
  void aQueryAnswersWhileTheWorkflowWaitsAndTheSignalLetsItFinish() {
    String id = "approval-" + UUID.randomUUID();
    Approval approval = sdk.client().newWorkflowStub(Approval.class, options(id));
    WorkflowClient.start(approval::run, "order-7");

    assertThat(approval.status()).isEqualTo("order-7 waiting");
    approval.approve("ann");
    assertThat(WorkflowStub.fromTyped(approval).getResult(String.class)).isEqualTo("order-7 approved by ann");

    List<HistoryEvent> events = sdk.client().fetchHistory(id).getHistory().getEventsList();
    HistoryEvent signaled = events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
        .findFirst().orElseThrow();
    assertThat(signaled.getWorkflowExecutionSignaledEventAttributes().getSignalName()).isEqualTo("approve");
    assertThat(events.get(events.size() - 1).getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  }

  @Test
  void queriesOfACachedRunAreAnsweredByItsWorkerWithoutReplaying() {
    String id = "cached-" + UUID.randomUUID();
    Counted counted = sdk.client().newWorkflowStub(Counted.class, options(id));
    WorkflowClient.start(counted::run);
    awaitFirstWorkflowTaskCompleted(id);

    for (int i = 0; i < 3; i++) {
      assertThat(counted.status()).isEqualTo("waiting");
    }

    // the queries went to the worker's sticky queue and were answered from its cache: the run was built once
    assertThat(RUNS.get(id)).hasValue(1);
    counted.finish();
    assertThat(WorkflowStub.fromTyped(counted).getResult(String.class)).isEqualTo("done");
    assertThat(RUNS.get(id)).hasValue(1);
  }

  @Test
  void aQueryFindsAnotherWorkerWhenTheOneThatCachedTheRunIsGone() throws InterruptedException {
    String taskQueue = SdkHarness.taskQueue("query-worker-gone");
    WorkerFactory first = sdk.startWorker(taskQueue, worker -> worker.registerWorkflowImplementationTypes(CountedImpl.class));
    String id = "worker-gone-" + UUID.randomUUID();
    Counted counted = sdk.client().newWorkflowStub(Counted.class, SdkHarness.options(taskQueue, id));
    WorkflowClient.start(counted::run);
    awaitFirstWorkflowTaskCompleted(id);
    first.shutdownNow();
    first.awaitTermination(30, TimeUnit.SECONDS);
    sdk.startWorker(taskQueue, worker -> worker.registerWorkflowImplementationTypes(CountedImpl.class));

    // nobody polls the first worker's sticky queue: the query waits out its sticky timeout, then any worker answers
    assertThat(counted.status()).isEqualTo("waiting");
    assertThat(RUNS.get(id)).as("the second worker built the run from the full history").hasValue(2);
    counted.finish();
    assertThat(WorkflowStub.fromTyped(counted).getResult(String.class)).isEqualTo("done");
  }

  private static void awaitFirstWorkflowTaskCompleted(String workflowId) {
    await().atMost(Duration.ofSeconds(30)).until(() -> sdk.client().fetchHistory(workflowId).getHistory().getEventsList()
        .stream().anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED));
  }

  @Test
  void aClosedWorkflowStillAnswersQueriesButTakesNoSignal() {
    String id = "closed-" + UUID.randomUUID();
    Approval approval = sdk.client().newWorkflowStub(Approval.class, options(id));
    WorkflowClient.start(approval::run, "order-8");
    approval.approve("bob");
    WorkflowStub.fromTyped(approval).getResult(String.class);

    Approval closed = sdk.client().newWorkflowStub(Approval.class, id);
    assertThat(closed.status()).isEqualTo("order-8 approved by bob");
    assertThatThrownBy(() -> closed.approve("late")).isInstanceOf(WorkflowNotFoundException.class);
  }

  @Test
  void signalWithStartStartsTheWorkflowWithItsSignal() {
    String id = "sws-" + UUID.randomUUID();
    WorkflowStub stub = sdk.client().newUntypedWorkflowStub("Approval", options(id));

    WorkflowExecution execution = stub.signalWithStart("approve", new Object[] {"cy"}, new Object[] {"order-9"});

    assertThat(execution.getRunId()).isNotEmpty();
    assertThat(stub.getResult(String.class)).isEqualTo("order-9 approved by cy");
  }

  @Test
  void anUnknownQueryTypeFailsTheQueryAndLeavesTheWorkflowRunning() {
    String id = "unknown-query-" + UUID.randomUUID();
    Approval approval = sdk.client().newWorkflowStub(Approval.class, options(id));
    WorkflowClient.start(approval::run, "order-10");
    WorkflowStub untyped = WorkflowStub.fromTyped(approval);

    assertThatThrownBy(() -> untyped.query("no-such-query", String.class)).isInstanceOf(WorkflowQueryException.class);
    assertThat(approval.status()).isEqualTo("order-10 waiting");
    approval.approve("dee");
    assertThat(untyped.getResult(String.class)).isEqualTo("order-10 approved by dee");
  }

  @Test
  void aSignalsHeaderIsKeptInItsEventAsGetSystemInfoClaims() {
    assertThat(sdk.stubs().blockingStub().getSystemInfo(GetSystemInfoRequest.getDefaultInstance()).getCapabilities()
        .getSignalAndQueryHeader()).isTrue();
    String id = "header-" + UUID.randomUUID();
    Approval approval = sdk.client().newWorkflowStub(Approval.class, options(id));
    WorkflowClient.start(approval::run, "order-12");
    Payload trace = Payload.newBuilder().setData(ByteString.copyFromUtf8("trace-42")).build();

    sdk.stubs().blockingStub().signalWorkflowExecution(SignalWorkflowExecutionRequest.newBuilder()
        .setNamespace(TestCluster.NAMESPACE).setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
        .setSignalName("approve").setInput(DefaultDataConverter.newDefaultInstance().toPayloads("fay").orElseThrow())
        .setHeader(Header.newBuilder().putFields("trace", trace)).setIdentity("it-client").build());

    assertThat(WorkflowStub.fromTyped(approval).getResult(String.class)).isEqualTo("order-12 approved by fay");
    HistoryEvent signaled = sdk.client().fetchHistory(id).getHistory().getEventsList().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED).findFirst().orElseThrow();
    assertThat(signaled.getWorkflowExecutionSignaledEventAttributes().getHeader().getFieldsMap()).containsEntry("trace", trace);
  }

  /**
   * GetSystemInfo claims sdk_metadata, so the SDK records the flags it decided on (the Java SDK always uses
   * deterministic cancellation-scope order, flag 3) and its name and version; the server keeps them on the
   * WorkflowTaskCompleted event, because a worker that replays the history decides behaviour from them.
   */
  @Test
  void theSdksFlagsAndNameAreKeptOnWorkflowTaskCompleted() {
    assertThat(sdk.stubs().blockingStub().getSystemInfo(GetSystemInfoRequest.getDefaultInstance()).getCapabilities()
        .getSdkMetadata()).isTrue();
    String id = "sdk-metadata-" + UUID.randomUUID();
    Approval approval = sdk.client().newWorkflowStub(Approval.class, options(id));
    WorkflowClient.start(approval::run, "order-13");
    approval.approve("gil");
    assertThat(WorkflowStub.fromTyped(approval).getResult(String.class)).isEqualTo("order-13 approved by gil");

    List<HistoryEvent> completed = sdk.client().fetchHistory(id).getHistory().getEventsList().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).toList();
    var first = completed.get(0).getWorkflowTaskCompletedEventAttributes().getSdkMetadata();
    assertThat(first.getLangUsedFlagsList()).contains(3);
    assertThat(first.getSdkName()).isEqualTo("temporal-java");
    assertThat(first.getSdkVersion()).isNotEmpty();
  }

  @Test
  void signalsAndQueriesWithoutANameOrTypeAreRefusedAsInvalid() {
    String id = "bad-input-" + UUID.randomUUID();
    Approval approval = sdk.client().newWorkflowStub(Approval.class, options(id));
    WorkflowClient.start(approval::run, "order-11");
    WorkflowExecution execution = WorkflowExecution.newBuilder().setWorkflowId(id).build();
    var raw = sdk.stubs().blockingStub();

    assertInvalid(() -> raw.signalWorkflowExecution(SignalWorkflowExecutionRequest.newBuilder()
        .setNamespace(TestCluster.NAMESPACE).setWorkflowExecution(execution).build()), "signal_name");
    assertInvalid(() -> raw.signalWorkflowExecution(SignalWorkflowExecutionRequest.newBuilder()
        .setNamespace(TestCluster.NAMESPACE).setWorkflowExecution(execution).setSignalName("s".repeat(1001)).build()),
        "signal_name");
    assertInvalid(() -> raw.queryWorkflow(QueryWorkflowRequest.newBuilder().setNamespace(TestCluster.NAMESPACE)
        .setExecution(execution).setQuery(WorkflowQuery.newBuilder()).build()), "query.query_type");
    assertInvalid(() -> raw.queryWorkflow(QueryWorkflowRequest.newBuilder().setNamespace(TestCluster.NAMESPACE)
        .setExecution(execution).build()), "query");

    assertThat(approval.status()).as("nothing reached the workflow").isEqualTo("order-11 waiting");
    approval.approve("eve");
    assertThat(WorkflowStub.fromTyped(approval).getResult(String.class)).isEqualTo("order-11 approved by eve");
    assertThat(sdk.client().fetchHistory(id).getHistory().getEventsList().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)).hasSize(1);
  }

  private static void assertInvalid(Runnable call, String field) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.getStatus().getDescription()).startsWith(field + ": ");
    });
  }
}
