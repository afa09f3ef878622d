package dev.conduit.history.tasks;

import static dev.conduit.history.testing.Commands.activity;
import static dev.conduit.history.testing.Commands.retry;
import static dev.conduit.history.testing.Commands.scheduleActivity;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.history.testing.Commands;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.WorkflowKey;
import io.temporal.api.command.v1.ScheduleActivityTaskCommandAttributes;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.failure.v1.ApplicationFailureInfo;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.ActivityTaskTimedOutEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Activity schedule-to-start, start-to-close, heartbeat and schedule-to-close timeouts. */
class ActivityTimeoutTest {
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  private static com.google.protobuf.Duration seconds(long s) {
    return com.google.protobuf.Duration.newBuilder().setSeconds(s).build();
  }

  private WorkflowKey withActivity(String id, ScheduleActivityTaskCommandAttributes.Builder activity) {
    WorkflowKey key = env.startWorkflow(id);
    env.completeWorkflowTask(env.pollWorkflowTask(key), scheduleActivity(activity));
    return key;
  }

  private Optional<ActivityTaskTimedOutEventAttributes> timedOut(WorkflowKey key) {
    return env.events(key).stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT)
        .findFirst().map(HistoryEvent::getActivityTaskTimedOutEventAttributes);
  }

  @Test
  void scheduleToStartTimeoutClosesTheActivityWithoutRetry() {
    WorkflowKey key = withActivity("at-1", activity("a1").setScheduleToStartTimeout(seconds(5)));
    env.advance(Duration.ofMillis(4_999));
    assertThat(timedOut(key)).isEmpty();
    env.advance(Duration.ofMillis(1));
    ActivityTaskTimedOutEventAttributes attributes = timedOut(key).orElseThrow();
    assertThat(attributes.getFailure().getTimeoutFailureInfo().getTimeoutType())
        .isEqualTo(TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START);
    assertThat(attributes.getStartedEventId()).isZero();
    assertThat(attributes.getRetryState()).as("as on Temporal: a timeout, not retried").isEqualTo(RetryState.RETRY_STATE_TIMEOUT);
    assertThat(env.state(key).getActivitiesCount()).isZero();
  }

  @Test
  void startToCloseTimeoutRetriesThenTimesOutWhenAttemptsRunOut() {
    WorkflowKey key = withActivity("at-2", activity("a1").setStartToCloseTimeout(seconds(10))
        .setRetryPolicy(retry(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 2)));
    env.pollActivityTask(key);
    env.advance(Duration.ofSeconds(10));
    assertThat(timedOut(key)).as("first timeout retries").isEmpty();
    assertThat(env.state(key).getActivitiesOrThrow(5).getAttempt()).isEqualTo(2);
    assertThat(env.state(key).getActivitiesOrThrow(5).getLastFailure().isEmpty()).isFalse();

    env.advance(Duration.ofSeconds(1));
    env.pollActivityTask(key);
    env.advance(Duration.ofSeconds(10));
    ActivityTaskTimedOutEventAttributes attributes = timedOut(key).orElseThrow();
    assertThat(attributes.getFailure().getTimeoutFailureInfo().getTimeoutType())
        .isEqualTo(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE);
    assertThat(attributes.getRetryState()).isEqualTo(RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED);
    assertThat(attributes.getStartedEventId()).isPositive();
    assertThat(timeoutTypes(attributes.getFailure())).as("the first attempt's timeout is the cause, and no deeper")
        .containsExactly(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE, TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE);
  }

  @Test
  void startToCloseTimeoutWithNoTimeLeftForARetryIsReportedAsScheduleToClose() {
    // a retry waits 2 s; schedule-to-close ends at 9 s
    WorkflowKey key = withActivity("at-6", activity("a1").setStartToCloseTimeout(seconds(3))
        .setScheduleToCloseTimeout(seconds(9))
        .setRetryPolicy(retry(Duration.ofSeconds(2), 1.0, Duration.ofSeconds(2), 0)));
    env.pollActivityTask(key);
    env.advance(Duration.ofSeconds(3));
    assertThat(timedOut(key)).as("3 s + 2 s backoff fit before 9 s: retried").isEmpty();
    env.advance(Duration.ofSeconds(2));
    env.pollActivityTask(key);
    env.advance(Duration.ofSeconds(3));
    ActivityTaskTimedOutEventAttributes attributes = timedOut(key).orElseThrow();
    assertThat(attributes.getRetryState()).isEqualTo(RetryState.RETRY_STATE_TIMEOUT);
    assertThat(timeoutTypes(attributes.getFailure()))
        .as("at 8 s a retry cannot start before 9 s: schedule-to-close replaces this attempt's start-to-close, "
            + "the first attempt's is its cause")
        .containsExactly(TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE, TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE);
  }

  @Test
  void firstAttemptWithNoTimeLeftForARetryHasNoCause() {
    WorkflowKey key = withActivity("at-7", activity("a1").setStartToCloseTimeout(seconds(3))
        .setScheduleToCloseTimeout(seconds(4))
        .setRetryPolicy(retry(Duration.ofSeconds(2), 1.0, Duration.ofSeconds(2), 0)));
    env.pollActivityTask(key);
    env.advance(Duration.ofSeconds(3));
    ActivityTaskTimedOutEventAttributes attributes = timedOut(key).orElseThrow();
    assertThat(attributes.getRetryState()).isEqualTo(RetryState.RETRY_STATE_TIMEOUT);
    assertThat(timeoutTypes(attributes.getFailure())).containsExactly(TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE);
  }

  @Test
  void heartbeatTimeoutWithNoTimeLeftKeepsTheDetailsOnScheduleToCloseAndTheHeartbeatTimeoutAsCause() {
    WorkflowKey key = withActivity("at-8", activity("a1").setStartToCloseTimeout(seconds(60))
        .setHeartbeatTimeout(seconds(2)).setScheduleToCloseTimeout(seconds(4))
        .setRetryPolicy(retry(Duration.ofSeconds(2), 1.0, Duration.ofSeconds(2), 0)));
    PollActivityTaskQueueResponse task = env.pollActivityTask(key);
    env.advance(Duration.ofSeconds(1));
    env.heartbeat.invoke(HistoryTestEnv.NAMESPACE_ID, RecordActivityTaskHeartbeatRequest.newBuilder()
        .setTaskToken(task.getTaskToken()).setDetails(Commands.payload("halfway")).build());
    env.advance(Duration.ofSeconds(1));
    assertThat(timedOut(key)).as("the heartbeat at 1 s moved the deadline to 3 s").isEmpty();
    env.advance(Duration.ofSeconds(1));
    ActivityTaskTimedOutEventAttributes attributes = timedOut(key).orElseThrow();
    Failure failure = attributes.getFailure();
    assertThat(attributes.getRetryState()).isEqualTo(RetryState.RETRY_STATE_TIMEOUT);
    assertThat(timeoutTypes(failure))
        .containsExactly(TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE, TimeoutType.TIMEOUT_TYPE_HEARTBEAT);
    assertThat(failure.getTimeoutFailureInfo().getLastHeartbeatDetails().getPayloads(0).getData().toStringUtf8())
        .isEqualTo("halfway");
    assertThat(failure.getCause().getTimeoutFailureInfo().hasLastHeartbeatDetails())
        .as("the details move to the top; the cause carries none").isFalse();
  }

  @Test
  void scheduleToCloseAfterAFailedAttemptHasThatFailureAsCause() {
    WorkflowKey key = withActivity("at-9", activity("a1").setStartToCloseTimeout(seconds(60))
        .setScheduleToCloseTimeout(seconds(10))
        .setRetryPolicy(retry(Duration.ofSeconds(1), 1.0, Duration.ofSeconds(1), 0)));
    PollActivityTaskQueueResponse task = env.pollActivityTask(key);
    env.respondActivityTaskFailed.invoke(HistoryTestEnv.NAMESPACE_ID, RespondActivityTaskFailedRequest.newBuilder()
        .setTaskToken(task.getTaskToken()).setIdentity("worker-1")
        .setFailure(Failure.newBuilder().setMessage("boom")
            .setApplicationFailureInfo(ApplicationFailureInfo.newBuilder().setType("Boom")))
        .build());
    env.advance(Duration.ofSeconds(1));
    env.pollActivityTask(key);
    env.advance(Duration.ofSeconds(9));
    ActivityTaskTimedOutEventAttributes attributes = timedOut(key).orElseThrow();
    assertThat(attributes.getRetryState()).isEqualTo(RetryState.RETRY_STATE_TIMEOUT);
    assertThat(attributes.getFailure().getTimeoutFailureInfo().getTimeoutType())
        .isEqualTo(TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE);
    assertThat(attributes.getFailure().getCause().getMessage()).isEqualTo("boom");
    assertThat(attributes.getFailure().getCause().getApplicationFailureInfo().getType()).isEqualTo("Boom");
  }

  /** The timeout types down a failure's cause chain. */
  private static List<TimeoutType> timeoutTypes(Failure failure) {
    List<TimeoutType> types = new ArrayList<>();
    for (Failure f = failure; f != null; f = f.hasCause() ? f.getCause() : null) {
      types.add(f.getTimeoutFailureInfo().getTimeoutType());
    }
    return types;
  }

  @Test
  void heartbeatsPushTheHeartbeatDeadlineUntilTheyStop() {
    WorkflowKey key = withActivity("at-3", activity("a1").setStartToCloseTimeout(seconds(60))
        .setHeartbeatTimeout(seconds(5))
        .setRetryPolicy(retry(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 1)));
    PollActivityTaskQueueResponse task = env.pollActivityTask(key);
    for (int i = 0; i < 3; i++) {
      env.advance(Duration.ofSeconds(4));
      env.heartbeat.invoke(HistoryTestEnv.NAMESPACE_ID, RecordActivityTaskHeartbeatRequest.newBuilder()
          .setTaskToken(task.getTaskToken()).setDetails(Commands.payload("progress-" + i)).build());
    }
    env.advance(Duration.ofSeconds(4));
    assertThat(timedOut(key)).as("12 s in, but heartbeats kept it alive").isEmpty();
    env.advance(Duration.ofSeconds(1));
    ActivityTaskTimedOutEventAttributes attributes = timedOut(key).orElseThrow();
    assertThat(attributes.getFailure().getTimeoutFailureInfo().getTimeoutType()).isEqualTo(TimeoutType.TIMEOUT_TYPE_HEARTBEAT);
    assertThat(attributes.getFailure().getTimeoutFailureInfo().getLastHeartbeatDetails().getPayloads(0).getData()
        .toStringUtf8()).isEqualTo("progress-2");
  }

  @Test
  void scheduleToCloseSpansAllAttempts() {
    WorkflowKey key = withActivity("at-4", activity("a1").setStartToCloseTimeout(seconds(4))
        .setScheduleToCloseTimeout(seconds(9))
        .setRetryPolicy(retry(Duration.ofSeconds(1), 1.0, Duration.ofSeconds(1), 0)));
    env.pollActivityTask(key);
    env.advance(Duration.ofSeconds(4));
    env.advance(Duration.ofSeconds(1));
    env.pollActivityTask(key);
    env.advance(Duration.ofSeconds(3));
    assertThat(timedOut(key)).isEmpty();
    env.advance(Duration.ofSeconds(1));
    ActivityTaskTimedOutEventAttributes attributes = timedOut(key).orElseThrow();
    assertThat(attributes.getFailure().getTimeoutFailureInfo().getTimeoutType())
        .isEqualTo(TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE);
    assertThat(attributes.getRetryState()).isEqualTo(RetryState.RETRY_STATE_TIMEOUT);
    assertThat(timeoutTypes(attributes.getFailure())).as("the first attempt's start-to-close timeout is the cause")
        .containsExactly(TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE, TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE);
  }

  @Test
  void heartbeatAnswersCancelRequestedAfterTheWorkflowAskedToCancel() {
    WorkflowKey key = withActivity("at-5", activity("a1"));
    PollActivityTaskQueueResponse task = env.pollActivityTask(key);
    assertThat(env.heartbeat.invoke(HistoryTestEnv.NAMESPACE_ID, RecordActivityTaskHeartbeatRequest.newBuilder()
        .setTaskToken(task.getTaskToken()).build()).getCancelRequested()).isFalse();
    env.shard(key).update(key, tx -> {
      dev.conduit.history.workflow.ActivityStateMachine.requestCancel(tx, tx.state().activity(5), 4);
      return null;
    });
    assertThat(env.heartbeat.invoke(HistoryTestEnv.NAMESPACE_ID, RecordActivityTaskHeartbeatRequest.newBuilder()
        .setTaskToken(task.getTaskToken()).build()).getCancelRequested()).isTrue();
    env.respondActivityTaskCanceled.invoke(HistoryTestEnv.NAMESPACE_ID,
        io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledRequest.newBuilder()
            .setTaskToken(task.getTaskToken()).setIdentity("worker-1").build());
    assertThat(env.eventTypes(key)).endsWith(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED,
        EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
  }
}
