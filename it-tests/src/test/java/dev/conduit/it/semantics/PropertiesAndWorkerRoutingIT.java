package dev.conduit.it.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.it.support.SdkHarness;
import dev.conduit.it.support.SharedCluster;
import dev.conduit.it.support.TestCluster;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.Priority;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.workflow.ChildWorkflowOptions;
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
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two everyday patterns with the official Java SDK on the real cluster: a workflow that upserts its
 * search attributes and memo (the UpsertWorkflowSearchAttributes and ModifyWorkflowProperties commands),
 * and a session in the Temporal sense: a first activity on the shared task queue names the queue of the
 * worker that took it, and every later activity goes to that worker alone; and eager dispatch of a start and of
 * activities to the worker that asked for it.
 */
class PropertiesAndWorkerRoutingIT {
  private static final String SHARED_QUEUE = SdkHarness.taskQueue("routing-shared");
  private static final String PROPERTIES_QUEUE = SdkHarness.taskQueue("properties");
  private static final SearchAttributeKey<String> CUSTOMER = SearchAttributeKey.forKeyword("CustomKeywordField");
  private static final SearchAttributeKey<Long> ITEMS = SearchAttributeKey.forLong("CustomIntField");
  @RegisterExtension
  static final SharedCluster shared = new SharedCluster();
  private static SdkHarness sdk;

  @WorkflowInterface
  public interface Tagged {
    @WorkflowMethod
    String run(String customer);
  }

  public static class TaggedImpl implements Tagged {
    @Override
    public String run(String customer) {
      Workflow.upsertTypedSearchAttributes(CUSTOMER.valueSet(customer), ITEMS.valueSet(3L));
      Workflow.sleep(Duration.ofMillis(10));
      Workflow.upsertTypedSearchAttributes(ITEMS.valueSet(4L));
      Map<String, Object> memo = new java.util.HashMap<>();
      memo.put("stage", "packed");
      memo.put("coupon", null); // a nil value removes the key
      Workflow.upsertMemo(memo);
      return customer + " packed";
    }
  }

  @WorkflowInterface
  public interface Napper {
    @WorkflowMethod
    String nap();
  }

  public static class NapperImpl implements Napper {
    @Override
    public String nap() {
      Workflow.newTimer(Duration.ofMillis(10), io.temporal.workflow.TimerOptions.newBuilder().setSummary("short nap").build())
          .get();
      return "rested";
    }
  }

  @ActivityInterface
  public interface PriorityProbe {
    /** The priority the activity task arrived with, as "key:fairnessKey:weight". */
    @ActivityMethod
    String seen();
  }

  public static class PriorityProbeImpl implements PriorityProbe {
    @Override
    public String seen() {
      Priority priority = Activity.getExecutionContext().getInfo().getPriority();
      return priority.getPriorityKey() + ":" + priority.getFairnessKey() + ":" + priority.getFairnessWeight();
    }
  }

  @WorkflowInterface
  public interface Prioritized {
    @WorkflowMethod
    String run();
  }

  public static class PrioritizedImpl implements Prioritized {
    @Override
    public String run() {
      Priority own = Workflow.getInfo().getPriority();
      ActivityOptions options = ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build();
      String inherited = Workflow.newActivityStub(PriorityProbe.class, options).seen();
      String overridden = Workflow.newActivityStub(PriorityProbe.class, ActivityOptions.newBuilder(options)
          .setPriority(Priority.newBuilder().setPriorityKey(3).setFairnessKey("override").build()).build()).seen();
      String childInherited = Workflow.newChildWorkflowStub(PriorityChild.class).seen();
      String childOwn = Workflow.newChildWorkflowStub(PriorityChild.class, ChildWorkflowOptions.newBuilder()
          .setPriority(Priority.newBuilder().setPriorityKey(1).setFairnessKey("child").setFairnessWeight(0.5f).build())
          .build()).seen();
      return own.getPriorityKey() + " " + inherited + " " + overridden + " " + childInherited + " " + childOwn;
    }
  }

  @WorkflowInterface
  public interface PriorityChild {
    /** The priority the child runs with, as "key:fairnessKey:weight". */
    @WorkflowMethod
    String seen();
  }

  public static class PriorityChildImpl implements PriorityChild {
    @Override
    public String seen() {
      Priority priority = Workflow.getInfo().getPriority();
      return priority.getPriorityKey() + ":" + priority.getFairnessKey() + ":" + priority.getFairnessWeight();
    }
  }

  @ActivityInterface
  public interface Claim {
    /** The task queue of the worker that ran it: the session's queue. */
    @ActivityMethod
    String claimWorker();
  }

  @ActivityInterface
  public interface Steps {
    /** Runs one step of the session and says on which worker it ran. */
    @ActivityMethod
    String step(String name);
  }

  /** One worker host: claims sessions on the shared queue, runs their steps on its own queue. */
  public static final class Host implements Claim, Steps {
    private final String ownQueue;

    Host(String ownQueue) {
      this.ownQueue = ownQueue;
    }

    @Override
    public String claimWorker() {
      return ownQueue;
    }

    @Override
    public String step(String name) {
      return name + "@" + ownQueue;
    }
  }

  @WorkflowInterface
  public interface Session {
    @WorkflowMethod
    List<String> run(List<String> steps);
  }

  public static class SessionImpl implements Session {
    @Override
    public List<String> run(List<String> steps) {
      ActivityOptions shared = ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(20)).build();
      String sessionQueue = Workflow.newActivityStub(Claim.class, shared).claimWorker();
      Steps pinned = Workflow.newActivityStub(Steps.class, ActivityOptions.newBuilder(shared)
          .setTaskQueue(sessionQueue).build());
      List<String> done = new ArrayList<>();
      done.add("claimed@" + sessionQueue);
      for (String step : steps) {
        done.add(pinned.step(step));
      }
      return done;
    }
  }

  @BeforeAll
  static void startCluster() {
    sdk = shared.harness();
    sdk.startWorker(PROPERTIES_QUEUE, worker -> {
      worker.registerWorkflowImplementationTypes(TaggedImpl.class, NapperImpl.class, PrioritizedImpl.class,
          PriorityChildImpl.class);
      worker.registerActivitiesImplementations(new PriorityProbeImpl());
    });
    for (String name : List.of("host-a", "host-b")) {
      String ownQueue = SdkHarness.taskQueue(name);
      Host host = new Host(ownQueue);
      sdk.startWorker(SHARED_QUEUE, worker -> {
        worker.registerWorkflowImplementationTypes(SessionImpl.class);
        worker.registerActivitiesImplementations((Claim) host);
      });
      sdk.startWorker(ownQueue, worker -> worker.registerActivitiesImplementations((Steps) host));
    }
  }

  @AfterAll
  static void stopCluster() {
    if (sdk != null) {
      sdk.close(); // this class's workers; the shared cluster runs on
    }
  }

  @Test
  void upsertedSearchAttributesAndMemoAreStoredAndRecordedInHistory() {
    String id = "tagged-" + UUID.randomUUID();
    Tagged tagged = sdk.client().newWorkflowStub(Tagged.class,
        WorkflowOptions.newBuilder().setTaskQueue(PROPERTIES_QUEUE).setWorkflowId(id)
            .setMemo(Map.of("origin", "web", "coupon", "spring")).build());

    assertThat(tagged.run("c-42")).isEqualTo("c-42 packed");

    DescribeWorkflowExecutionResponse described = sdk.stubs().blockingStub().describeWorkflowExecution(
        DescribeWorkflowExecutionRequest.newBuilder().setNamespace(TestCluster.NAMESPACE)
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id)).build());
    Map<String, Payload> attributes = described.getWorkflowExecutionInfo().getSearchAttributes().getIndexedFieldsMap();
    assertThat(decode(attributes.get("CustomKeywordField"), String.class)).isEqualTo("c-42");
    assertThat(decode(attributes.get("CustomIntField"), Long.class)).as("the later upsert wins").isEqualTo(4L);
    Map<String, Payload> memo = described.getWorkflowExecutionInfo().getMemo().getFieldsMap();
    assertThat(decode(memo.get("origin"), String.class)).as("the start's memo is kept").isEqualTo("web");
    assertThat(decode(memo.get("stage"), String.class)).isEqualTo("packed");
    assertThat(memo).as("upserted as null, so removed").doesNotContainKey("coupon");

    List<HistoryEvent> events = sdk.client().fetchHistory(id).getHistory().getEventsList();
    List<HistoryEvent> upserts = events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES).toList();
    assertThat(upserts).hasSize(2);
    assertThat(upserts.get(0).getUpsertWorkflowSearchAttributesEventAttributes().getSearchAttributes()
        .getIndexedFieldsMap()).containsKeys("CustomKeywordField", "CustomIntField");
    HistoryEvent modified = events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED).findFirst().orElseThrow();
    assertThat(decode(modified.getWorkflowPropertiesModifiedEventAttributes().getUpsertedMemo().getFieldsMap()
        .get("stage"), String.class)).isEqualTo("packed");
    assertThat(events.get(events.size() - 1).getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  }

  /**
   * A workflow's priority reaches it, and its activities and children run with it; an activity's or child's own
   * fields take the place of the workflow's one by one (as Temporal merges them).
   */
  @Test
  void theStartsPriorityReachesTheWorkflowItsActivitiesAndItsChildren() {
    String id = "priority-" + UUID.randomUUID();
    Prioritized workflow = sdk.client().newWorkflowStub(Prioritized.class, WorkflowOptions.newBuilder()
        .setTaskQueue(PROPERTIES_QUEUE).setWorkflowId(id)
        .setPriority(Priority.newBuilder().setPriorityKey(5).setFairnessKey("tenant-123").setFairnessWeight(2.5f).build())
        .build());

    assertThat(workflow.run()).isEqualTo("5 5:tenant-123:2.5 3:override:2.5 5:tenant-123:2.5 1:child:0.5");
  }

  /** User metadata (summary) of the start and of a command stays on their events; describe returns the start's. */
  @Test
  void summariesOfTheStartAndOfATimerAreKeptOnTheirEvents() {
    String id = "summary-" + UUID.randomUUID();
    Napper napper = sdk.client().newWorkflowStub(Napper.class,
        WorkflowOptions.newBuilder().setTaskQueue(PROPERTIES_QUEUE).setWorkflowId(id).setStaticSummary("nightly nap").build());

    assertThat(napper.nap()).isEqualTo("rested");

    DescribeWorkflowExecutionResponse described = sdk.stubs().blockingStub().describeWorkflowExecution(
        DescribeWorkflowExecutionRequest.newBuilder().setNamespace(TestCluster.NAMESPACE)
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id)).build());
    assertThat(decode(described.getExecutionConfig().getUserMetadata().getSummary(), String.class)).isEqualTo("nightly nap");
    List<HistoryEvent> events = sdk.client().fetchHistory(id).getHistory().getEventsList();
    assertThat(decode(events.get(0).getUserMetadata().getSummary(), String.class)).isEqualTo("nightly nap");
    HistoryEvent timer = events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED)
        .findFirst().orElseThrow();
    assertThat(decode(timer.getUserMetadata().getSummary(), String.class)).isEqualTo("short nap");
    assertThat(events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED))
        .as("only the command's own event carries it").allSatisfy(e -> assertThat(e.hasUserMetadata()).isFalse());
  }

  @Test
  void aSessionsActivitiesAllRunOnTheWorkerThatClaimedIt() {
    for (int round = 0; round < 3; round++) {
      String id = "session-" + UUID.randomUUID();
      Session session = sdk.client().newWorkflowStub(Session.class,
          WorkflowOptions.newBuilder().setTaskQueue(SHARED_QUEUE).setWorkflowId(id).build());

      List<String> done = session.run(List.of("download", "transcode", "upload"));

      assertThat(done).hasSize(4);
      String sessionQueue = done.get(0).substring("claimed@".length());
      assertThat(done.subList(1, 4)).containsExactly("download@" + sessionQueue, "transcode@" + sessionQueue,
          "upload@" + sessionQueue);
      List<String> scheduledOn = sdk.client().fetchHistory(id).getHistory().getEventsList().stream()
          .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
          .map(e -> e.getActivityTaskScheduledEventAttributes().getTaskQueue().getName()).toList();
      assertThat(scheduledOn).containsExactly(SHARED_QUEUE, sessionQueue, sessionQueue, sessionQueue);
    }
  }

  @ActivityInterface
  public interface Unit {
    @ActivityMethod
    int one();
  }

  public static class UnitImpl implements Unit {
    @Override
    public int one() {
      return 1;
    }
  }

  /** Runs three activities at once on its own queue and adds up what they return. */
  @WorkflowInterface
  public interface Fanout {
    @WorkflowMethod
    int fanout();
  }

  public static class FanoutImpl implements Fanout {
    @Override
    public int fanout() {
      Unit unit = Workflow.newActivityStub(Unit.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());
      List<io.temporal.workflow.Promise<Integer>> ones = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ones.add(io.temporal.workflow.Async.function(unit::one));
      }
      return ones.stream().mapToInt(io.temporal.workflow.Promise::get).sum();
    }
  }

  /**
   * Eager dispatch with the official SDK: a client whose own worker polls the queue starts the run with its first
   * workflow task in the start's answer (the task is started under the client's identity, not a poller's), and
   * the activities that task schedules come back in its completion's answer, so the worker that asked runs all of
   * them although another worker with more pollers waits on the same queue.
   */
  @Test
  void anEagerStartAndEagerActivitiesRunOnTheWorkerThatAskedForThem() {
    String queue = SdkHarness.taskQueue("eager");
    io.temporal.client.WorkflowClient eagerClient = io.temporal.client.WorkflowClient.newInstance(sdk.stubs(),
        sdk.client().getOptions().toBuilder().setIdentity("eager-client").build());
    io.temporal.worker.WorkerFactory asking = io.temporal.worker.WorkerFactory.newInstance(eagerClient);
    io.temporal.worker.Worker first = asking.newWorker(queue, io.temporal.worker.WorkerOptions.newBuilder()
        .setIdentity("worker-1").setMaxConcurrentActivityTaskPollers(1).build());
    first.registerWorkflowImplementationTypes(FanoutImpl.class);
    first.registerActivitiesImplementations(new UnitImpl());
    io.temporal.worker.WorkerFactory other = io.temporal.worker.WorkerFactory.newInstance(sdk.client());
    other.newWorker(queue, io.temporal.worker.WorkerOptions.newBuilder().setIdentity("worker-2")
        .setMaxConcurrentActivityTaskPollers(2).build()).registerActivitiesImplementations(new UnitImpl());
    asking.start();
    other.start();
    try {
      Fanout fanout = eagerClient.newWorkflowStub(Fanout.class, WorkflowOptions.newBuilder().setTaskQueue(queue)
          .setWorkflowId("eager-" + UUID.randomUUID()).setDisableEagerExecution(false).build());
      assertThat(fanout.fanout()).isEqualTo(3);

      List<HistoryEvent> events = sdk.client().fetchHistory(
          io.temporal.client.WorkflowStub.fromTyped(fanout).getExecution().getWorkflowId()).getEvents();
      HistoryEvent firstTask = events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)
          .findFirst().orElseThrow();
      assertThat(firstTask.getWorkflowTaskStartedEventAttributes().getIdentity()).isEqualTo("eager-client");
      assertThat(events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
          .map(e -> e.getActivityTaskStartedEventAttributes().getIdentity()).toList())
          .containsExactly("worker-1", "worker-1", "worker-1");
    } finally {
      asking.shutdownNow();
      other.shutdownNow();
    }
  }

  private static <T> T decode(Payload payload, Class<T> type) {
    assertThat(payload).isNotNull();
    return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, type, type);
  }
}
