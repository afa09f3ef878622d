package dev.conduit.history.api.activitycontrol;

import static dev.conduit.history.testing.Commands.activity;
import static dev.conduit.history.testing.Commands.applicationFailure;
import static dev.conduit.history.testing.Commands.completeWorkflow;
import static dev.conduit.history.testing.Commands.scheduleActivity;
import dev.conduit.history.util.ProtoTime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.ActivityInfo;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.PauseActivityRequest;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatRequest;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatResponse;
import io.temporal.api.workflowservice.v1.ResetActivityRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedRequest;
import io.temporal.api.workflowservice.v1.UnpauseActivityRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PauseActivity, UnpauseActivity and ResetActivity: a paused activity gets no new attempt until unpaused, a running
 * attempt hears of a pause or reset on heartbeat, a reset attempt is followed by attempt 1 at once; nothing is
 * written to history.
 */
class ActivityControlTest {
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  private WorkflowKey withActivity(String workflowId) {
    WorkflowKey key = env.startWorkflow(workflowId);
    env.completeWorkflowTask(env.pollWorkflowTask(key), scheduleActivity(activity("charge")));
    return key;
  }

  private static WorkflowExecution execution(WorkflowKey key) {
    return WorkflowExecution.newBuilder().setWorkflowId(key.workflowId()).build();
  }

  private void pause(WorkflowKey key) {
    env.activityControl.pause(HistoryTestEnv.NAMESPACE_ID, PauseActivityRequest.newBuilder()
        .setNamespace(HistoryTestEnv.NAMESPACE).setExecution(execution(key)).setId("charge")
        .setIdentity("operator").setReason("card processor down").build());
    env.processTransfers();
  }

  private void unpause(WorkflowKey key) {
    env.activityControl.unpause(HistoryTestEnv.NAMESPACE_ID, UnpauseActivityRequest.newBuilder()
        .setNamespace(HistoryTestEnv.NAMESPACE).setExecution(execution(key)).setId("charge").build());
    env.advance(Duration.ofMillis(1));
  }

  private RecordActivityTaskHeartbeatResponse heartbeat(PollActivityTaskQueueResponse task) {
    return env.heartbeat.invoke(HistoryTestEnv.NAMESPACE_ID, RecordActivityTaskHeartbeatRequest.newBuilder()
        .setTaskToken(task.getTaskToken()).build());
  }

  private void fail(PollActivityTaskQueueResponse task) {
    env.respondActivityTaskFailed.invoke(HistoryTestEnv.NAMESPACE_ID, RespondActivityTaskFailedRequest.newBuilder()
        .setTaskToken(task.getTaskToken()).setFailure(applicationFailure("stopped", "Paused", false))
        .setIdentity("worker-1").build());
    env.processTransfers();
  }

  private ActivityInfo activityInfo(WorkflowKey key) {
    return env.state(key).getActivitiesOrThrow(5);
  }

  private PendingActivityInfo described(WorkflowKey key) {
    return env.describe.invoke(HistoryTestEnv.NAMESPACE_ID, DescribeWorkflowExecutionRequest.newBuilder()
        .setNamespace(HistoryTestEnv.NAMESPACE).setExecution(execution(key)).build()).getPendingActivities(0);
  }

  @Test
  void aPausedActivityWaitingForAWorkerIsNotStartedUntilUnpaused() {
    WorkflowKey key = withActivity("pause-waiting");
    int events = env.events(key).size();

    pause(key);

    assertThatThrownBy(() -> env.pollActivityTask(key)).as("the task dispatched before the pause is refused")
        .isInstanceOf(EntityNotFoundException.class).hasMessageContaining("paused");
    PendingActivityInfo pending = described(key);
    assertThat(pending.getPaused()).isTrue();
    assertThat(pending.getState()).isEqualTo(PendingActivityState.PENDING_ACTIVITY_STATE_PAUSED);
    assertThat(pending.getPauseInfo().getManual().getIdentity()).isEqualTo("operator");
    assertThat(pending.getPauseInfo().getManual().getReason()).isEqualTo("card processor down");
    int dispatches = env.matching.activityTasks().size();

    unpause(key);

    assertThat(env.matching.activityTasks()).as("dispatched again at once").hasSize(dispatches + 1);
    PollActivityTaskQueueResponse task = env.pollActivityTask(key);
    assertThat(task.getAttempt()).isEqualTo(1);
    assertThat(described(key).getPaused()).isFalse();
    assertThat(env.events(key)).as("no event").hasSize(events);
  }

  @Test
  void anUnpauseOrResetWithJitterDispatchesTheWaitingAttemptAtARandomTimeWithinIt() {
    WorkflowKey key = withActivity("jitter");
    pause(key);
    int dispatches = env.matching.activityTasks().size();
    java.time.Instant unpausedAt = env.clock.instant();
    env.activityControl.unpause(HistoryTestEnv.NAMESPACE_ID, UnpauseActivityRequest.newBuilder()
        .setNamespace(HistoryTestEnv.NAMESPACE).setExecution(execution(key)).setId("charge")
        .setJitter(com.google.protobuf.Duration.newBuilder().setSeconds(60)).build());

    java.time.Instant due = ProtoTime.instant(activityInfo(key).getCurrentAttemptScheduledTime());
    assertThat(due).isAfterOrEqualTo(unpausedAt).isBefore(unpausedAt.plusSeconds(60));
    Duration wait = Duration.between(env.clock.instant(), due);
    if (!wait.isZero()) {
      env.advance(wait.minusMillis(1));
      assertThat(env.matching.activityTasks()).as("not before its time").hasSize(dispatches);
    }
    env.advance(Duration.ofMillis(1));
    assertThat(env.matching.activityTasks()).as("dispatched at its time").hasSize(dispatches + 1);
    assertThat(env.pollActivityTask(key).getAttempt()).isEqualTo(1);

    assertThatThrownBy(() -> env.activityControl.reset(HistoryTestEnv.NAMESPACE_ID, ResetActivityRequest.newBuilder()
        .setNamespace(HistoryTestEnv.NAMESPACE).setExecution(execution(key)).setId("charge")
        .setJitter(com.google.protobuf.Duration.newBuilder().setSeconds(-1)).build()))
        .isInstanceOf(dev.conduit.history.errors.InvalidRequestException.class).hasMessageContaining("jitter");
  }

  @Test
  void aRunningAttemptHearsThePauseAndAfterItFailsNoRetryIsDispatchedUntilUnpaused() {
    WorkflowKey key = withActivity("pause-running");
    PollActivityTaskQueueResponse attempt1 = env.pollActivityTask(key);
    assertThat(heartbeat(attempt1).getActivityPaused()).isFalse();

    pause(key);

    assertThat(heartbeat(attempt1).getActivityPaused()).isTrue();
    assertThat(described(key).getState()).isEqualTo(PendingActivityState.PENDING_ACTIVITY_STATE_PAUSE_REQUESTED);
    fail(attempt1);
    int dispatches = env.matching.activityTasks().size();
    env.advance(Duration.ofMinutes(5));
    assertThat(env.matching.activityTasks()).as("no retry while paused").hasSize(dispatches);
    assertThat(activityInfo(key).getAttempt()).isEqualTo(2);
    assertThat(described(key).getState()).isEqualTo(PendingActivityState.PENDING_ACTIVITY_STATE_PAUSED);

    unpause(key);

    assertThat(env.pollActivityTask(key).getAttempt()).isEqualTo(2);
  }

  @Test
  void aPausedAttemptMayStillComplete() {
    WorkflowKey key = withActivity("pause-complete");
    PollActivityTaskQueueResponse attempt1 = env.pollActivityTask(key);
    pause(key);

    env.completeActivity(attempt1, "done anyway");

    assertThat(env.eventTypes(key)).contains(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
    assertThat(env.state(key).getActivitiesMap()).isEmpty();
  }

  @Test
  void aResetRunningAttemptHearsItAndIsFollowedByAttemptOneAtOnce() {
    WorkflowKey key = withActivity("reset-running");
    PollActivityTaskQueueResponse attempt1 = env.pollActivityTask(key);
    fail(attempt1);
    env.advance(Duration.ofSeconds(1));
    PollActivityTaskQueueResponse attempt2 = env.pollActivityTask(key);
    assertThat(attempt2.getAttempt()).isEqualTo(2);

    env.activityControl.reset(HistoryTestEnv.NAMESPACE_ID, ResetActivityRequest.newBuilder()
        .setNamespace(HistoryTestEnv.NAMESPACE).setExecution(execution(key)).setId("charge").build());

    assertThat(heartbeat(attempt2).getActivityReset()).isTrue();
    int dispatches = env.matching.activityTasks().size();
    fail(attempt2);
    env.advance(Duration.ofMillis(1)); // a timer is never due in the instant it was written
    assertThat(env.matching.activityTasks()).as("no backoff after a reset").hasSize(dispatches + 1);
    assertThat(env.pollActivityTask(key).getAttempt()).isEqualTo(1);
    assertThat(activityInfo(key).getResetRequested()).isFalse();
  }

  @Test
  void aResetActivityInItsBackoffGetsAttemptOneAtOnce() {
    WorkflowKey key = withActivity("reset-waiting");
    fail(env.pollActivityTask(key));
    assertThat(activityInfo(key).getAttempt()).isEqualTo(2);
    int dispatches = env.matching.activityTasks().size();

    env.activityControl.reset(HistoryTestEnv.NAMESPACE_ID, ResetActivityRequest.newBuilder()
        .setNamespace(HistoryTestEnv.NAMESPACE).setExecution(execution(key)).setType("greet").build());
    env.advance(Duration.ofMillis(1));

    assertThat(env.matching.activityTasks()).hasSize(dispatches + 1);
    assertThat(env.pollActivityTask(key).getAttempt()).isEqualTo(1);
    env.advance(Duration.ofSeconds(1));
    assertThat(env.matching.activityTasks()).as("the old backoff's timer dispatches nothing").hasSize(dispatches + 1);
  }

  @Test
  void aRunThatClosesWithAPausedActivityStillListsIt() {
    WorkflowKey key = withActivity("pause-closed");
    pause(key);
    env.signal(key.workflowId(), "", "give-up", "now");
    env.processTransfers();

    env.completeWorkflowTask(env.pollWorkflowTask(key), completeWorkflow("without the charge"));

    assertThat(env.eventTypes(key)).contains(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    PendingActivityInfo pending = described(key);
    assertThat(pending.getActivityId()).isEqualTo("charge");
    assertThat(pending.getPaused()).isTrue();
  }

  private io.temporal.api.workflowservice.v1.UpdateActivityOptionsResponse updateOptions(WorkflowKey key,
      io.temporal.api.activity.v1.ActivityOptions options, String... paths) {
    var response = env.activityControl.updateOptions(HistoryTestEnv.NAMESPACE_ID,
        io.temporal.api.workflowservice.v1.UpdateActivityOptionsRequest.newBuilder()
            .setNamespace(HistoryTestEnv.NAMESPACE).setExecution(execution(key)).setId("charge")
            .setActivityOptions(options)
            .setUpdateMask(com.google.protobuf.FieldMask.newBuilder().addAllPaths(java.util.List.of(paths)))
            .build());
    env.processTransfers();
    return response;
  }

  @Test
  void anUpdatedRetryPolicyDecidesTheNextRetry() {
    WorkflowKey key = withActivity("options-retry");
    fail(env.pollActivityTask(key));
    env.advance(Duration.ofSeconds(1));

    var response = updateOptions(key, io.temporal.api.activity.v1.ActivityOptions.newBuilder()
        .setRetryPolicy(io.temporal.api.common.v1.RetryPolicy.newBuilder().setMaximumAttempts(2)).build(),
        "retry_policy.maximum_attempts");

    assertThat(response.getActivityOptions().getRetryPolicy().getMaximumAttempts()).isEqualTo(2);
    assertThat(response.getActivityOptions().getRetryPolicy().getBackoffCoefficient()).as("the rest kept").isEqualTo(2.0);
    fail(env.pollActivityTask(key));
    var failed = env.events(key).stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED).findFirst().orElseThrow();
    assertThat(failed.getActivityTaskFailedEventAttributes().getRetryState())
        .isEqualTo(io.temporal.api.enums.v1.RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED);
    assertThat(env.replayDifferences(key)).isEmpty();
  }

  @Test
  void aLongerScheduleToCloseMovesTheDeadlineAndTheOldTimerDoesNothing() {
    WorkflowKey key = env.startWorkflow("options-deadline");
    env.completeWorkflowTask(env.pollWorkflowTask(key), scheduleActivity(activity("charge")
        .setScheduleToCloseTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(30))));

    // the server made schedule-to-start as long as schedule-to-close when the command left it out: both move
    updateOptions(key, io.temporal.api.activity.v1.ActivityOptions.newBuilder()
        .setScheduleToCloseTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(3600))
        .setScheduleToStartTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(7200)).build(),
        "schedule_to_close_timeout", "schedule_to_start_timeout");
    assertThat(env.replayDifferences(key)).isEmpty();

    env.advance(Duration.ofSeconds(31));
    assertThat(env.eventTypes(key)).doesNotContain(EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT);
    env.advance(Duration.ofSeconds(3600));
    var timedOut = env.events(key).stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT).findFirst().orElseThrow();
    assertThat(timedOut.getActivityTaskTimedOutEventAttributes().getFailure().getTimeoutFailureInfo().getTimeoutType())
        .isEqualTo(io.temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE);
  }

  @Test
  void restoringTheOriginalOptionsTakesThemFromTheScheduledEventAlsoWithAReset() {
    WorkflowKey key = withActivity("options-restore");
    var original = dev.conduit.history.workflow.ActivityStateMachine.optionsOf(activityInfo(key));
    updateOptions(key, io.temporal.api.activity.v1.ActivityOptions.newBuilder()
        .setTaskQueue(io.temporal.api.taskqueue.v1.TaskQueue.newBuilder().setName("elsewhere"))
        .setStartToCloseTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(99))
        .setRetryPolicy(io.temporal.api.common.v1.RetryPolicy.newBuilder().setMaximumAttempts(7)).build(),
        "task_queue", "start_to_close_timeout", "retry_policy.maximum_attempts");
    assertThat(activityInfo(key).getTaskQueue()).isEqualTo("elsewhere");

    var restored = env.activityControl.updateOptions(HistoryTestEnv.NAMESPACE_ID,
        io.temporal.api.workflowservice.v1.UpdateActivityOptionsRequest.newBuilder()
            .setNamespace(HistoryTestEnv.NAMESPACE).setExecution(execution(key)).setId("charge")
            .setRestoreOriginal(true).build()).getActivityOptions();

    assertThat(restored.getTaskQueue().getName()).isEqualTo("activities");
    assertThat(restored.getStartToCloseTimeout().getSeconds()).isEqualTo(10);
    assertThat(restored).isEqualTo(original);

    // and again through ResetActivity
    updateOptions(key, io.temporal.api.activity.v1.ActivityOptions.newBuilder()
        .setTaskQueue(io.temporal.api.taskqueue.v1.TaskQueue.newBuilder().setName("elsewhere")).build(), "task_queue");
    env.activityControl.reset(HistoryTestEnv.NAMESPACE_ID, ResetActivityRequest.newBuilder()
        .setNamespace(HistoryTestEnv.NAMESPACE).setExecution(execution(key)).setId("charge")
        .setRestoreOriginalOptions(true).build());
    env.processTransfers();
    assertThat(activityInfo(key).getTaskQueue()).isEqualTo("activities");
    assertThat(env.lastActivityDispatch(key).getTaskQueue().getName()).isEqualTo("activities");
    assertThat(env.replayDifferences(key)).isEmpty();
  }

  @Test
  void anOptionThisServerCannotChangeIsRefusedAndNothingChanges() {
    WorkflowKey key = withActivity("options-bad");
    var before = env.state(key);

    assertThatThrownBy(() -> updateOptions(key, io.temporal.api.activity.v1.ActivityOptions.getDefaultInstance(),
        "heartbeat_timeout", "start_delay"))
        .isInstanceOf(dev.conduit.history.errors.InvalidRequestException.class).hasMessageContaining("start_delay");

    assertThat(env.state(key)).isEqualTo(before);
  }

  @Test
  void namingAnActivityTheRunDoesNotHaveIsNotFoundAndChangesNothing() {
    WorkflowKey key = withActivity("control-unknown");
    var before = env.state(key);

    assertThatThrownBy(() -> env.activityControl.pause(HistoryTestEnv.NAMESPACE_ID, PauseActivityRequest.newBuilder()
        .setNamespace(HistoryTestEnv.NAMESPACE).setExecution(execution(key)).setId("refund").build()))
        .isInstanceOf(EntityNotFoundException.class).hasMessageContaining("refund");

    assertThat(env.state(key)).isEqualTo(before);
  }
}
