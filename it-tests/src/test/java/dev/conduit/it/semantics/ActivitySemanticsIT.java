package dev.conduit.it.semantics;

import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_MARKER_RECORDED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conduit.it.support.SdkHarness;
import dev.conduit.it.support.SharedCluster;
import dev.conduit.it.support.TestCluster;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.ActivityCompletionClient;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Activity semantics with the official Java SDK: retries with attempts visible to the worker, heartbeat
 * timeouts with details carried to the next attempt, local activities, async completion by token and by
 * id, and the seed article's video pipeline.
 */
class ActivitySemanticsIT {
  private static final String TASK_QUEUE = SdkHarness.taskQueue("activities");
  /** Async activities by workflow id: task token and activity id, for the test to complete them. */
  private static final ConcurrentHashMap<String, byte[]> TOKENS = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, String> ACTIVITY_IDS = new ConcurrentHashMap<>();
  @RegisterExtension
  static final SharedCluster shared = new SharedCluster();
  private static SdkHarness sdk;

  @ActivityInterface
  public interface Steps {
    /** Fails with a retryable error until attempt {@code succeedOn}. */
    String flaky(int succeedOn);

    /** Heartbeats, then stops heartbeating on its first attempt; later attempts report the last details. */
    String stalls();

    /** Heartbeats, then fails on its first attempt; later attempts report the details sent with the failure. */
    String failsAfterHeartbeat();

    /** Completed later from outside the worker; registers how under {@code key}. */
    String external(String key);

    String step(String input);

    /** Takes {@code millis}, then answers how long it took. */
    String slow(long millis);
  }

  public static class StepsImpl implements Steps {
    @Override
    public String slow(long millis) {
      sleep(millis);
      return "took " + millis + " ms";
    }

    @Override
    public String flaky(int succeedOn) {
      int attempt = Activity.getExecutionContext().getInfo().getAttempt();
      if (attempt < succeedOn) {
        throw ApplicationFailure.newFailure("boom on attempt " + attempt, "Flaky");
      }
      return "ok on attempt " + attempt;
    }

    @Override
    public String stalls() {
      ActivityExecutionContext context = Activity.getExecutionContext();
      int attempt = context.getInfo().getAttempt();
      if (attempt == 1) {
        context.heartbeat("progress-42");
        sleep(4_000);
        return "should have timed out";
      }
      return "attempt " + attempt + " resumed from " + context.getHeartbeatDetails(String.class).orElse("nothing");
    }

    @Override
    public String failsAfterHeartbeat() {
      ActivityExecutionContext context = Activity.getExecutionContext();
      int attempt = context.getInfo().getAttempt();
      if (attempt == 1) {
        // the first heartbeat goes out at once; the second is held back by the SDK's throttle (most of the
        // heartbeat timeout) and reaches the server only with the failure
        context.heartbeat("started");
        context.heartbeat("half-done");
        throw ApplicationFailure.newFailure("failed after the heartbeat", "Halfway");
      }
      return "attempt " + attempt + " resumed from " + context.getHeartbeatDetails(String.class).orElse("nothing");
    }

    @Override
    public String external(String key) {
      ActivityExecutionContext context = Activity.getExecutionContext();
      TOKENS.put(key, context.getTaskToken());
      ACTIVITY_IDS.put(key, context.getInfo().getActivityId());
      context.doNotCompleteOnReturn();
      return null;
    }

    @Override
    public String step(String input) {
      return input;
    }

    private static void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @WorkflowInterface
  public interface Retrying {
    @WorkflowMethod
    String run(int succeedOn);
  }

  public static class RetryingImpl implements Retrying {
    @Override
    public String run(int succeedOn) {
      Steps steps = Workflow.newActivityStub(Steps.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofMillis(100)).setBackoffCoefficient(2)
              .setMaximumAttempts(5).build())
          .build());
      return steps.flaky(succeedOn);
    }
  }

  @WorkflowInterface
  public interface FailingAfterHeartbeat {
    @WorkflowMethod
    String run();
  }

  public static class FailingAfterHeartbeatImpl implements FailingAfterHeartbeat {
    @Override
    public String run() {
      Steps steps = Workflow.newActivityStub(Steps.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setHeartbeatTimeout(Duration.ofSeconds(10))
          .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofMillis(100)).setMaximumAttempts(3).build())
          .build());
      return steps.failsAfterHeartbeat();
    }
  }

  @WorkflowInterface
  public interface Stalling {
    @WorkflowMethod
    String run();
  }

  public static class StallingImpl implements Stalling {
    @Override
    public String run() {
      Steps steps = Workflow.newActivityStub(Steps.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setHeartbeatTimeout(Duration.ofSeconds(1))
          .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofMillis(100)).setMaximumAttempts(3).build())
          .build());
      return steps.stalls();
    }
  }

  @WorkflowInterface
  public interface Local {
    @WorkflowMethod
    String run(String input);
  }

  public static class LocalImpl implements Local {
    @Override
    public String run(String input) {
      Steps local = Workflow.newLocalActivityStub(Steps.class, LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(5)).build());
      return local.step(input) + " locally";
    }
  }

  @WorkflowInterface
  public interface LongLocal {
    @WorkflowMethod
    String run(long millis);
  }

  public static class LongLocalImpl implements LongLocal {
    @Override
    public String run(long millis) {
      Steps local = Workflow.newLocalActivityStub(Steps.class, LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30)).build());
      return local.slow(millis);
    }
  }

  @WorkflowInterface
  public interface Markers {
    @WorkflowMethod
    String run();
  }

  public static class MarkersImpl implements Markers {
    @Override
    public String run() {
      long random = Workflow.sideEffect(Long.class, () -> 7L);
      int version = Workflow.getVersion("new-step", Workflow.DEFAULT_VERSION, 1);
      return "side effect " + random + ", version " + version;
    }
  }

  @WorkflowInterface
  public interface AsyncCompleted {
    @WorkflowMethod
    String run(String key);
  }

  public static class AsyncCompletedImpl implements AsyncCompleted {
    @Override
    public String run(String key) {
      Steps steps = Workflow.newActivityStub(Steps.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(60)).build());
      String byToken = steps.external(key + "/token");
      String byId = steps.external(key + "/id");
      return byToken + " + " + byId;
    }
  }

  @ActivityInterface
  public interface VideoSteps {
    String detectWatermark(String video);

    String classify(String video);

    String transcode(String video, String format);

    String updateLinks(String video, List<String> links);
  }

  public static class VideoStepsImpl implements VideoSteps {
    @Override
    public String detectWatermark(String video) {
      return video + ":clean";
    }

    @Override
    public String classify(String video) {
      return "sports";
    }

    @Override
    public String transcode(String video, String format) {
      return "cdn/" + video + "." + format;
    }

    @Override
    public String updateLinks(String video, List<String> links) {
      return video + " -> " + String.join(",", links);
    }
  }

  @WorkflowInterface
  public interface VideoPipeline {
    @WorkflowMethod
    String process(String video);
  }

  /** The seed's example: analyses in parallel, transcodes of the checked video in parallel, one update. */
  public static class VideoPipelineImpl implements VideoPipeline {
    private final VideoSteps steps = Workflow.newActivityStub(VideoSteps.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(10)).build());

    @Override
    public String process(String video) {
      Promise<String> checked = Async.function(steps::detectWatermark, video);
      Promise<String> category = Async.function(steps::classify, video);
      List<Promise<String>> transcodes = new ArrayList<>();
      for (String format : List.of("1080p.h264", "720p.h264", "480p.vp9")) {
        transcodes.add(Async.function(steps::transcode, checked.get(), format));
      }
      List<String> links = new ArrayList<>();
      for (Promise<String> transcode : transcodes) {
        links.add(transcode.get());
      }
      return category.get() + " | " + steps.updateLinks(video, links);
    }
  }

  @BeforeAll
  static void startCluster() {
    sdk = shared.harness();
    sdk.startWorker(TASK_QUEUE, worker -> {
      worker.registerWorkflowImplementationTypes(RetryingImpl.class, StallingImpl.class, LocalImpl.class,
          AsyncCompletedImpl.class, VideoPipelineImpl.class, MarkersImpl.class, FailingAfterHeartbeatImpl.class,
          LongLocalImpl.class, OperatedImpl.class, BoundedImpl.class);
      worker.registerActivitiesImplementations(new StepsImpl(), new VideoStepsImpl(), new OperatedStepsImpl());
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
  void anActivityThatFailsTwiceSucceedsOnTheThirdAttempt() {
    String id = "flaky-" + UUID.randomUUID();

    String result = sdk.client().newWorkflowStub(Retrying.class, options(id)).run(3);

    assertThat(result).isEqualTo("ok on attempt 3");
    List<HistoryEvent> events = Histories.of(sdk.client(), id);
    assertThat(Histories.ofType(events, EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)).as("retries write no events").hasSize(1);
    HistoryEvent started = Histories.ofType(events, EVENT_TYPE_ACTIVITY_TASK_STARTED).get(0);
    assertThat(started.getActivityTaskStartedEventAttributes().getAttempt()).isEqualTo(3);
    assertThat(started.getActivityTaskStartedEventAttributes().getLastFailure().getMessage())
        .isEqualTo("boom on attempt 2");
  }

  @Test
  void anActivityThatStopsHeartbeatingIsRetriedWithItsLastHeartbeatDetails() {
    String id = "stalls-" + UUID.randomUUID();

    String result = sdk.client().newWorkflowStub(Stalling.class, options(id)).run();

    assertThat(result).isEqualTo("attempt 2 resumed from progress-42");
    HistoryEvent started = Histories.ofType(Histories.of(sdk.client(), id), EVENT_TYPE_ACTIVITY_TASK_STARTED).get(0);
    assertThat(started.getActivityTaskStartedEventAttributes().getAttempt()).isEqualTo(2);
    assertThat(started.getActivityTaskStartedEventAttributes().getLastFailure().getTimeoutFailureInfo().getTimeoutType())
        .isEqualTo(io.temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_HEARTBEAT);
  }

  @Test
  void anActivityThatFailsAfterHeartbeatingIsRetriedWithTheDetailsItSentWithTheFailure() {
    String id = "fails-after-heartbeat-" + UUID.randomUUID();
    // the server says it keeps them (SDKs rely on the capability)
    assertThat(sdk.stubs().blockingStub().getSystemInfo(
        io.temporal.api.workflowservice.v1.GetSystemInfoRequest.getDefaultInstance()).getCapabilities()
        .getActivityFailureIncludeHeartbeat()).isTrue();

    String result = sdk.client().newWorkflowStub(FailingAfterHeartbeat.class, options(id)).run();

    // "half-done" reached the server only in RespondActivityTaskFailed's last_heartbeat_details
    assertThat(result).isEqualTo("attempt 2 resumed from half-done");
    HistoryEvent started = Histories.ofType(Histories.of(sdk.client(), id), EVENT_TYPE_ACTIVITY_TASK_STARTED).get(0);
    assertThat(started.getActivityTaskStartedEventAttributes().getLastFailure().getMessage())
        .isEqualTo("failed after the heartbeat");
  }

  @Test
  void aLocalActivityIsRecordedAsAMarker() {
    String id = "local-" + UUID.randomUUID();

    String result = sdk.client().newWorkflowStub(Local.class, options(id)).run("hello");

    assertThat(result).isEqualTo("hello locally");
    List<HistoryEvent> events = Histories.of(sdk.client(), id);
    assertThat(Histories.ofType(events, EVENT_TYPE_MARKER_RECORDED)).singleElement()
        .satisfies(e -> assertThat(e.getMarkerRecordedEventAttributes().getMarkerName()).isEqualTo("LocalActivity"));
    assertThat(Histories.ofType(events, EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)).isEmpty();
  }

  @Test
  void aLocalActivityLongerThanTheWorkflowTaskTimeoutKeepsItsTaskAliveByHeartbeats() {
    String id = "long-local-" + UUID.randomUUID();
    // warm the worker up first: a first task slow to reach a cold worker would eat into the heartbeat's margin
    assertThat(sdk.client().newWorkflowStub(LongLocal.class, options("long-local-warmup-" + UUID.randomUUID()))
        .run(0L)).isEqualTo("took 0 ms");
    WorkflowOptions shortTasks = options(id).toBuilder().setWorkflowTaskTimeout(Duration.ofSeconds(5)).build();

    String result = sdk.client().newWorkflowStub(LongLocal.class, shortTasks).run(12_000L);

    assertThat(result).isEqualTo("took 12000 ms");
    List<HistoryEvent> events = Histories.of(sdk.client(), id);
    assertThat(events).extracting(HistoryEvent::getEventType)
        .as("kept alive, never timed out or failed: %s", events.stream()
            .map(e -> e.getEventId() + " " + e.getEventType() + " " + e.getEventTime().getSeconds() + "."
                + e.getEventTime().getNanos() / 1_000_000).toList())
        .doesNotContain(EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT, EVENT_TYPE_WORKFLOW_TASK_FAILED);
    // the SDK heartbeats the task (at 80% of its 5 s timeout) while the 12 s local activity runs
    assertThat(Histories.ofType(events, EVENT_TYPE_WORKFLOW_TASK_COMPLETED)).hasSizeGreaterThanOrEqualTo(3);
    // each heartbeat's next task came back inline (return_new_workflow_task): started in the write that scheduled it
    List<HistoryEvent> heartbeatTasks = events.stream()
        .filter(e -> e.getEventType() == EVENT_TYPE_WORKFLOW_TASK_SCHEDULED && e.getEventId() > 3)
        .toList();
    assertThat(heartbeatTasks).isNotEmpty().allSatisfy(scheduled -> {
      HistoryEvent started = events.get((int) scheduled.getEventId());
      assertThat(started.getEventType()).isEqualTo(EVENT_TYPE_WORKFLOW_TASK_STARTED);
      assertThat(started.getEventTime()).isEqualTo(scheduled.getEventTime());
    });
    assertThat(Histories.ofType(events, EVENT_TYPE_MARKER_RECORDED)).singleElement()
        .satisfies(e -> assertThat(e.getMarkerRecordedEventAttributes().getMarkerName()).isEqualTo("LocalActivity"));
  }

  @Test
  void sideEffectsAndVersionsAreRecordedAsTheSdkWritesThem() {
    String id = "markers-" + UUID.randomUUID();

    String result = sdk.client().newWorkflowStub(Markers.class, options(id)).run();

    assertThat(result).isEqualTo("side effect 7, version 1");
    assertThat(Histories.ofType(Histories.of(sdk.client(), id), EVENT_TYPE_MARKER_RECORDED))
        .extracting(e -> e.getMarkerRecordedEventAttributes().getMarkerName())
        .containsExactly("SideEffect", "Version");
  }

  @Test
  void activitiesAreCompletedFromOutsideTheWorkerByTokenAndById() {
    String id = "async-" + UUID.randomUUID();
    AsyncCompleted workflow = sdk.client().newWorkflowStub(AsyncCompleted.class, options(id));
    WorkflowExecution execution = WorkflowClient.start(workflow::run, id);
    ActivityCompletionClient completions = sdk.client().newActivityCompletionClient();

    await().atMost(Duration.ofSeconds(30)).until(() -> TOKENS.containsKey(id + "/token"));
    completions.heartbeat(TOKENS.get(id + "/token"), "alive");
    completions.complete(TOKENS.get(id + "/token"), "by token");
    await().atMost(Duration.ofSeconds(30)).until(() -> ACTIVITY_IDS.containsKey(id + "/id"));
    String activityId = ACTIVITY_IDS.get(id + "/id");
    completions.heartbeat(id, Optional.empty(), activityId, "alive by id");
    assertThat(sdk.stubs().blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(TestCluster.NAMESPACE).setExecution(execution).build())
        .getPendingActivities(0).getHeartbeatDetails().getPayloads(0).getData().toStringUtf8())
        .isEqualTo("\"alive by id\"");
    completions.complete(id, Optional.of(execution.getRunId()), activityId, "by id");

    assertThat(WorkflowStub.fromTyped(workflow).getResult(String.class)).isEqualTo("by token + by id");
    List<HistoryEvent> completed = Histories.ofType(Histories.of(sdk.client(), id), EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
    assertThat(completed).hasSize(2);
    assertThat(completed.get(1).getActivityTaskCompletedEventAttributes().getResult().getPayloads(0).getData()
        .toStringUtf8()).isEqualTo("\"by id\"");
  }

  @Test
  void theVideoPipelineRunsItsAnalysesAndTranscodesInParallelThenUpdatesOnce() {
    String id = "video-" + UUID.randomUUID();

    String result = sdk.client().newWorkflowStub(VideoPipeline.class, options(id)).process("v42");

    assertThat(result).isEqualTo("sports | v42 -> cdn/v42:clean.1080p.h264,cdn/v42:clean.720p.h264,cdn/v42:clean.480p.vp9");
    List<HistoryEvent> events = Histories.of(sdk.client(), id);
    List<HistoryEvent> scheduled = Histories.ofType(events, EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    assertThat(scheduled).extracting(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
        .containsExactly("DetectWatermark", "Classify", "Transcode", "Transcode", "Transcode", "UpdateLinks");
    // The analyses share one workflow task, so do the three transcodes: they were scheduled together.
    assertThat(scheduled.get(1).getActivityTaskScheduledEventAttributes().getWorkflowTaskCompletedEventId())
        .isEqualTo(scheduled.get(0).getActivityTaskScheduledEventAttributes().getWorkflowTaskCompletedEventId());
    assertThat(scheduled.get(4).getActivityTaskScheduledEventAttributes().getWorkflowTaskCompletedEventId())
        .isEqualTo(scheduled.get(2).getActivityTaskScheduledEventAttributes().getWorkflowTaskCompletedEventId());
    assertThat(Histories.ofType(events, EVENT_TYPE_ACTIVITY_TASK_COMPLETED)).hasSize(6);
  }

  /** Runs {@link OperatedSteps#work} once; returns what it answered. */
  @WorkflowInterface
  public interface Operated {
    @WorkflowMethod
    String run();
  }

  public static class OperatedImpl implements Operated {
    @Override
    public String run() {
      return Workflow.newActivityStub(OperatedSteps.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setHeartbeatTimeout(Duration.ofSeconds(10))
          .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(30)).build())
          .build()).work();
    }
  }

  @ActivityInterface
  public interface OperatedSteps {
    /**
     * Heartbeats until an operator pauses or resets it (the SDK throws then, failing the attempt); an attempt after
     * a pause or reset answers at once with its attempt number and what stopped the one before.
     */
    String work();
  }

  public static class OperatedStepsImpl implements OperatedSteps {
    static final ConcurrentHashMap<String, String> STOPPED_BY = new ConcurrentHashMap<>();

    @Override
    public String work() {
      ActivityExecutionContext context = Activity.getExecutionContext();
      String workflowId = context.getInfo().getWorkflowId();
      String stoppedBy = STOPPED_BY.get(workflowId);
      if (stoppedBy != null) {
        return "attempt " + context.getInfo().getAttempt() + " after " + stoppedBy;
      }
      while (true) {
        try {
          context.heartbeat("working");
          Thread.sleep(200);
        } catch (io.temporal.client.ActivityPausedException e) {
          STOPPED_BY.put(workflowId, "pause");
          throw e;
        } catch (io.temporal.client.ActivityResetException e) {
          STOPPED_BY.put(workflowId, "reset");
          throw e;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw Activity.wrap(e);
        }
      }
    }
  }

  private static io.temporal.api.workflow.v1.PendingActivityInfo pendingActivity(WorkflowExecution execution) {
    var described = sdk.stubs().blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
        .setNamespace(sdk.client().getOptions().getNamespace()).setExecution(execution).build());
    return described.getPendingActivitiesCount() == 0 ? null : described.getPendingActivities(0);
  }

  @Test
  void aPausedActivityStopsAtItsNextHeartbeatAndRunsAgainOnlyWhenUnpaused() throws Exception {
    String id = "paused-" + UUID.randomUUID();
    Operated workflow = sdk.client().newWorkflowStub(Operated.class, options(id));
    WorkflowExecution execution = WorkflowClient.start(workflow::run);
    // the state the test names: the activity runs and heartbeats
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      var pending = pendingActivity(execution);
      return pending != null && pending.hasLastHeartbeatTime();
    });

    sdk.stubs().blockingStub().pauseActivity(io.temporal.api.workflowservice.v1.PauseActivityRequest.newBuilder()
        .setNamespace(sdk.client().getOptions().getNamespace()).setExecution(execution).setId(pendingActivity(execution).getActivityId())
        .setIdentity("operator").setReason("downstream outage").build());

    // the attempt hears the pause, fails, and the activity waits, paused, with no retry
    await().atMost(Duration.ofSeconds(30)).until(() -> pendingActivity(execution).getState()
        == io.temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_PAUSED);
    var paused = pendingActivity(execution);
    assertThat(paused.getPaused()).isTrue();
    assertThat(paused.getAttempt()).isEqualTo(2);
    assertThat(paused.getPauseInfo().getManual().getReason()).isEqualTo("downstream outage");
    assertThat(OperatedStepsImpl.STOPPED_BY.get(id)).isEqualTo("pause");

    sdk.stubs().blockingStub().unpauseActivity(io.temporal.api.workflowservice.v1.UnpauseActivityRequest.newBuilder()
        .setNamespace(sdk.client().getOptions().getNamespace()).setExecution(execution)
        .setId(pendingActivity(execution).getActivityId()).build());

    // attempt 2 runs at once, not after the 30 s retry interval
    assertThat(WorkflowStub.fromTyped(workflow).getResult(20, java.util.concurrent.TimeUnit.SECONDS, String.class))
        .isEqualTo("attempt 2 after pause");
  }

  @Test
  void aResetActivityStopsAtItsNextHeartbeatAndRunsAgainAsAttemptOneAtOnce() throws Exception {
    String id = "reset-activity-" + UUID.randomUUID();
    Operated workflow = sdk.client().newWorkflowStub(Operated.class, options(id));
    WorkflowExecution execution = WorkflowClient.start(workflow::run);
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      var pending = pendingActivity(execution);
      return pending != null && pending.hasLastHeartbeatTime();
    });

    sdk.stubs().blockingStub().resetActivity(io.temporal.api.workflowservice.v1.ResetActivityRequest.newBuilder()
        .setNamespace(sdk.client().getOptions().getNamespace()).setExecution(execution)
        .setId(pendingActivity(execution).getActivityId()).build());

    assertThat(WorkflowStub.fromTyped(workflow).getResult(20, java.util.concurrent.TimeUnit.SECONDS, String.class))
        .isEqualTo("attempt 1 after reset");
  }

  /** Runs {@link OperatedSteps#work} with a 10 minute schedule-to-close; answers how the activity ended. */
  @WorkflowInterface
  public interface Bounded {
    @WorkflowMethod
    String run();
  }

  public static class BoundedImpl implements Bounded {
    @Override
    public String run() {
      try {
        return Workflow.newActivityStub(OperatedSteps.class, ActivityOptions.newBuilder()
            .setScheduleToCloseTimeout(Duration.ofMinutes(10))
            .setHeartbeatTimeout(Duration.ofSeconds(10))
            .build()).work();
      } catch (io.temporal.failure.ActivityFailure e) {
        return e.getCause() instanceof io.temporal.failure.TimeoutFailure timeout
            ? timeout.getTimeoutType().name() : e.getCause().toString();
      }
    }
  }

  @Test
  void anOperatorShortensARunningActivitysScheduleToCloseAndItTimesOutAtTheNewDeadline() throws Exception {
    String id = "options-" + UUID.randomUUID();
    Bounded workflow = sdk.client().newWorkflowStub(Bounded.class, options(id));
    WorkflowExecution execution = WorkflowClient.start(workflow::run);
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      var pending = pendingActivity(execution);
      return pending != null && pending.hasLastHeartbeatTime();
    });

    var response = sdk.stubs().blockingStub().updateActivityOptions(
        io.temporal.api.workflowservice.v1.UpdateActivityOptionsRequest.newBuilder()
            .setNamespace(sdk.client().getOptions().getNamespace()).setExecution(execution)
            .setId(pendingActivity(execution).getActivityId())
            .setActivityOptions(io.temporal.api.activity.v1.ActivityOptions.newBuilder()
                .setScheduleToCloseTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(1)))
            .setUpdateMask(com.google.protobuf.FieldMask.newBuilder().addPaths("schedule_to_close_timeout"))
            .build());

    assertThat(response.getActivityOptions().getScheduleToCloseTimeout().getSeconds()).isEqualTo(1);
    assertThat(WorkflowStub.fromTyped(workflow).getResult(20, java.util.concurrent.TimeUnit.SECONDS, String.class))
        .isEqualTo("TIMEOUT_TYPE_SCHEDULE_TO_CLOSE");
  }
}
