package dev.conduit.history.api.respondactivitytaskfailed;

import static dev.conduit.history.testing.Commands.activity;
import static dev.conduit.history.testing.Commands.applicationFailure;
import static dev.conduit.history.testing.Commands.retry;
import static dev.conduit.history.testing.Commands.scheduleActivity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.ActivityInfo;
import io.temporal.api.command.v1.ScheduleActivityTaskCommandAttributes;
import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Activity retries: a timer and a new dispatch per attempt, events only when the activity closes. */
class ActivityRetryTest {
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  private WorkflowKey withActivity(String workflowId, ScheduleActivityTaskCommandAttributes.Builder activity) {
    WorkflowKey key = env.startWorkflow(workflowId);
    env.completeWorkflowTask(env.pollWorkflowTask(key), scheduleActivity(activity));
    return key;
  }

  private void fail(PollActivityTaskQueueResponse task, Failure failure) {
    env.respondActivityTaskFailed.invoke(HistoryTestEnv.NAMESPACE_ID, RespondActivityTaskFailedRequest.newBuilder()
        .setTaskToken(task.getTaskToken()).setFailure(failure).setIdentity("worker-1").build());
    env.processTransfers();
  }

  private ActivityInfo activityInfo(WorkflowKey key) {
    return env.state(key).getActivitiesOrThrow(5);
  }

  @Test
  void failedAttemptRetriesAfterTheBackoffWithoutWritingEvents() {
    WorkflowKey key = withActivity("ar-1", activity("a1"));
    int events = env.events(key).size();
    PollActivityTaskQueueResponse attempt1 = env.pollActivityTask(key);
    fail(attempt1, applicationFailure("flaky", "IOError", false));

    assertThat(env.events(key)).as("a retry writes no event").hasSize(events);
    assertThat(activityInfo(key).getAttempt()).isEqualTo(2);
    assertThat(activityInfo(key).hasStartedTime()).isFalse();
    assertThat(env.matching.activityTasks()).hasSize(1);

    assertThatThrownBy(() -> env.recordActivityTaskStarted.invoke(env.activityTaskStarted(key, 5, "early")))
        .as("a stale dispatch during the backoff is dropped").isInstanceOf(EntityNotFoundException.class);

    env.advance(Duration.ofMillis(999));
    assertThat(env.matching.activityTasks()).hasSize(1);
    env.advance(Duration.ofMillis(1));
    assertThat(env.matching.activityTasks()).as("dispatched after the 1 s default backoff").hasSize(2);

    PollActivityTaskQueueResponse attempt2 = env.pollActivityTask(key);
    assertThat(attempt2.getAttempt()).isEqualTo(2);
    assertThatThrownBy(() -> fail(attempt1, applicationFailure("late", "IOError", false)))
        .as("the first attempt's token is stale").isInstanceOf(EntityNotFoundException.class);
    env.completeActivity(attempt2, "ok");

    List<HistoryEvent> all = env.events(key);
    HistoryEvent started = all.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .findFirst().orElseThrow();
    assertThat(started.getActivityTaskStartedEventAttributes().getAttempt()).isEqualTo(2);
    assertThat(started.getActivityTaskStartedEventAttributes().getLastFailure().getMessage()).isEqualTo("flaky");
  }

  @Test
  void backoffGrowsByTheCoefficientUpToTheMaximumInterval() {
    WorkflowKey key = withActivity("ar-2", activity("a1")
        .setRetryPolicy(retry(Duration.ofSeconds(2), 3.0, Duration.ofSeconds(10), 0)));
    long[] expectedBackoffSeconds = {2, 6, 10, 10};
    for (long backoff : expectedBackoffSeconds) {
      PollActivityTaskQueueResponse task = env.pollActivityTask(key);
      int dispatches = env.matching.activityTasks().size();
      fail(task, applicationFailure("again", "Err", false));
      env.advance(Duration.ofSeconds(backoff).minusMillis(1));
      assertThat(env.matching.activityTasks()).hasSize(dispatches);
      env.advance(Duration.ofMillis(1));
      assertThat(env.matching.activityTasks()).as("backoff %s s", backoff).hasSize(dispatches + 1);
    }
  }

  @Test
  void maximumAttemptsEndsTheActivityAsFailed() {
    WorkflowKey key = withActivity("ar-3", activity("a1")
        .setRetryPolicy(retry(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 2)));
    fail(env.pollActivityTask(key), applicationFailure("one", "Err", false));
    env.advance(Duration.ofSeconds(1));
    fail(env.pollActivityTask(key), applicationFailure("two", "Err", false));

    List<HistoryEvent> events = env.events(key);
    HistoryEvent failed = events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED)
        .findFirst().orElseThrow();
    assertThat(failed.getActivityTaskFailedEventAttributes().getRetryState())
        .isEqualTo(RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED);
    assertThat(failed.getActivityTaskFailedEventAttributes().getFailure().getMessage()).isEqualTo("two");
    HistoryEvent started = events.get((int) failed.getActivityTaskFailedEventAttributes().getStartedEventId() - 1);
    assertThat(started.getActivityTaskStartedEventAttributes().getAttempt()).isEqualTo(2);
    assertThat(env.state(key).getActivitiesCount()).isZero();
    assertThat(env.state(key).hasWorkflowTask()).as("the workflow gets a task to see it").isTrue();
  }

  @Test
  void nonRetryableErrorTypeAndFlagFailAtOnce() {
    RetryPolicy policy = retry(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 0).toBuilder()
        .addNonRetryableErrorTypes("Fatal").build();
    WorkflowKey key = withActivity("ar-4", activity("a1").setRetryPolicy(policy));
    fail(env.pollActivityTask(key), applicationFailure("fatal", "Fatal", false));
    assertThat(lastFailedRetryState(key)).isEqualTo(RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE);

    WorkflowKey other = withActivity("ar-5", activity("a1"));
    fail(env.pollActivityTask(other), applicationFailure("flagged", "Any", true));
    assertThat(lastFailedRetryState(other)).isEqualTo(RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE);
  }

  @Test
  void retryThatWouldPassScheduleToCloseEndsWithTimeoutRetryState() {
    WorkflowKey key = withActivity("ar-6", activity("a1")
        .setScheduleToCloseTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(3))
        .setRetryPolicy(retry(Duration.ofSeconds(2), 2.0, Duration.ofSeconds(10), 0)));
    fail(env.pollActivityTask(key), applicationFailure("one", "Err", false));
    env.advance(Duration.ofSeconds(2));
    fail(env.pollActivityTask(key), applicationFailure("two", "Err", false));
    assertThat(lastFailedRetryState(key)).as("next backoff 4 s passes the 3 s deadline")
        .isEqualTo(RetryState.RETRY_STATE_TIMEOUT);
  }

  private RetryState lastFailedRetryState(WorkflowKey key) {
    return env.events(key).stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED)
        .findFirst().orElseThrow().getActivityTaskFailedEventAttributes().getRetryState();
  }
}
