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
import io.temporal.api.history.v1.ActivityTaskTimedOutEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatRequest;
import java.time.Duration;
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
