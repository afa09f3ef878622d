package dev.conduit.history.workflow;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.history.tasks.TimerTaskType;
import dev.conduit.history.tasks.TransferTaskType;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.proto.persistence.v1.ActivityInfo;
import dev.conduit.proto.persistence.v1.SyncActivityReplicationTask;
import dev.conduit.proto.persistence.v1.TimerTaskData;
import dev.conduit.proto.persistence.v1.TransferTaskData;
import io.temporal.api.activity.v1.ActivityOptions;
import io.temporal.api.command.v1.ScheduleActivityTaskCommandAttributes;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.failure.v1.TimeoutFailureInfo;
import io.temporal.api.history.v1.ActivityTaskCancelRequestedEventAttributes;
import io.temporal.api.history.v1.ActivityTaskCanceledEventAttributes;
import io.temporal.api.history.v1.ActivityTaskCompletedEventAttributes;
import io.temporal.api.history.v1.ActivityTaskFailedEventAttributes;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.ActivityTaskStartedEventAttributes;
import io.temporal.api.history.v1.ActivityTaskTimedOutEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One activity of a run, by its scheduled event id.
 *
 * <pre>
 * SCHEDULED --start--> STARTED --complete | cancel | fail, timeOut (no retry left)--> CLOSED
 * STARTED --fail | timeOut (retry)--> SCHEDULED (attempt + 1, dispatched again after the backoff)
 * SCHEDULED --timeOut (schedule-to-start, schedule-to-close) | requestCancel--> CLOSED
 * STARTED --heartbeat | requestCancel--> STARTED
 * </pre>
 *
 * <p>As in Temporal, the ActivityTaskStarted event is written only when the activity closes (it carries
 * the final attempt and the previous attempt's failure); retries write no events.
 *
 * <p>The public methods decide (check the move, build the events); the package-private {@code apply...}
 * functions, called through {@link MutableStateApplier}, are the only code that changes this state for an
 * event and derives its tasks.
 */
public final class ActivityStateMachine {

  enum State { SCHEDULED, STARTED }

  enum Action { START, HEARTBEAT, COMPLETE, FAIL, TIME_OUT, REQUEST_CANCEL, CANCEL }

  /** Moves that lead out of the table's states close the activity; CLOSED is not stored. */
  static final TransitionTable<State, Action> TABLE = TransitionTable
      .builder("activity", State.class, Action.class)
      .add(State.SCHEDULED, Action.START, State.STARTED)
      .add(State.SCHEDULED, Action.TIME_OUT, State.SCHEDULED)
      .add(State.SCHEDULED, Action.REQUEST_CANCEL, State.SCHEDULED)
      .add(State.STARTED, Action.HEARTBEAT, State.STARTED)
      .add(State.STARTED, Action.COMPLETE, State.STARTED)
      .add(State.STARTED, Action.FAIL, State.STARTED)
      .add(State.STARTED, Action.TIME_OUT, State.STARTED)
      .add(State.STARTED, Action.REQUEST_CANCEL, State.STARTED)
      .add(State.STARTED, Action.CANCEL, State.STARTED)
      .build();

  private ActivityStateMachine() {}

  static State stateOf(ActivityInfo activity) {
    return activity.hasStartedTime() ? State.STARTED : State.SCHEDULED;
  }

  /** Schedules an activity from validated, normalized command attributes. */
  public static ActivityInfo schedule(WorkflowTransaction tx, long workflowTaskCompletedEventId,
      ScheduleActivityTaskCommandAttributes a) {
    long scheduledEventId = tx.append(EventFactory.activityTaskScheduled(ActivityTaskScheduledEventAttributes.newBuilder()
        .setActivityId(a.getActivityId())
        .setActivityType(a.getActivityType())
        .setTaskQueue(a.getTaskQueue())
        .setHeader(a.getHeader())
        .setInput(a.getInput())
        .setScheduleToCloseTimeout(a.getScheduleToCloseTimeout())
        .setScheduleToStartTimeout(a.getScheduleToStartTimeout())
        .setStartToCloseTimeout(a.getStartToCloseTimeout())
        .setHeartbeatTimeout(a.getHeartbeatTimeout())
        .setRetryPolicy(a.getRetryPolicy())
        .setWorkflowTaskCompletedEventId(workflowTaskCompletedEventId)
        .setPriority(Priorities.merge(Priorities.of(tx.state().info()), a.getPriority()))
        .build())).getEventId();
    return tx.state().activity(scheduledEventId);
  }

  /** Applies ActivityTaskScheduled: the pending activity, its schedule-to-close timer and its dispatch. */
  static void applyScheduled(ApplyContext ctx, HistoryEvent event) {
    ActivityTaskScheduledEventAttributes a = event.getActivityTaskScheduledEventAttributes();
    if (ctx.state().activity(event.getEventId()) != null) {
      throw new IllegalTransitionException("activity", "pending " + a.getActivityId(), "schedule again");
    }
    Instant at = ApplyContext.timeOf(event);
    ActivityInfo.Builder info = ActivityInfo.newBuilder()
        .setScheduledEventId(event.getEventId())
        .setActivityId(a.getActivityId())
        .setActivityType(a.getActivityType().getName())
        .setTaskQueue(a.getTaskQueue().getName())
        .setScheduledTime(event.getEventTime())
        .setCurrentAttemptScheduledTime(event.getEventTime())
        .setScheduleToStartTimeout(a.getScheduleToStartTimeout())
        .setScheduleToCloseTimeout(a.getScheduleToCloseTimeout())
        .setStartToCloseTimeout(a.getStartToCloseTimeout())
        .setHeartbeatTimeout(a.getHeartbeatTimeout())
        .setAttempt(1)
        .setRetryPolicy(a.getRetryPolicy().toByteString())
        .setHeader(a.getHeader().toByteString())
        .setInput(a.getInput().toByteString())
        .setPriority(a.getPriority().toByteString())
        .setVersion(event.getVersion())
        .setWorkflowTaskCompletedEventId(a.getWorkflowTaskCompletedEventId());
    if (ProtoTime.isPositive(a.getScheduleToCloseTimeout())) {
      Instant expiration = at.plus(ProtoTime.duration(a.getScheduleToCloseTimeout()));
      info.setExpirationTime(ProtoTime.timestamp(expiration));
      ctx.timerTask(event, TimerTaskType.ACTIVITY_TIMEOUT, expiration,
          timeoutData(event.getEventId(), 0, TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE));
    }
    ActivityInfo activity = info.build();
    ctx.state().putActivity(activity);
    ctx.transferTask(event, TransferTaskType.ACTIVITY_TASK, TransferTaskData.newBuilder()
        .setScheduledEventId(activity.getScheduledEventId())
        .setTaskQueue(activity.getTaskQueue())
        .setScheduleToStartTimeout(activity.getScheduleToStartTimeout())
        .setAttempt(activity.getAttempt())
        .build());
    if (ProtoTime.isPositive(activity.getScheduleToStartTimeout())) {
      ctx.timerTask(event, TimerTaskType.ACTIVITY_TIMEOUT, at.plus(ProtoTime.duration(activity.getScheduleToStartTimeout())),
          timeoutData(activity.getScheduledEventId(), activity.getAttempt(), TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START));
    }
  }

  /**
   * Applies ActivityTaskStarted, written just before the activity's close event: the final attempt as
   * the event tells it (on the active side the attempt's start was already recorded without an event).
   */
  static void applyStarted(ApplyContext ctx, HistoryEvent event) {
    ActivityTaskStartedEventAttributes a = event.getActivityTaskStartedEventAttributes();
    ActivityInfo activity = require(ctx, a.getScheduledEventId(), "started");
    ActivityInfo.Builder started = activity.toBuilder()
        .setAttempt(a.getAttempt())
        .setStartedTime(event.getEventTime())
        .setStartedRequestId(a.getRequestId())
        .setStartedIdentity(a.getIdentity())
        .setLastWorkerIdentity(a.getIdentity());
    if (a.hasLastFailure()) {
      started.setLastFailure(a.getLastFailure().toByteString());
    }
    ctx.state().putActivity(started.build());
  }

  /** Applies a close event (completed, failed, timed out, canceled): the activity is no longer pending. */
  static void applyClosed(ApplyContext ctx, HistoryEvent event, long scheduledEventId) {
    require(ctx, scheduledEventId, event.getEventType().name());
    ctx.state().removeActivity(scheduledEventId);
  }

  /**
   * Applies ActivityTaskCancelRequested. On the active side the activity may already have left the
   * pending ones when its close event is buffered; that close follows the request in history.
   */
  static void applyCancelRequested(ApplyContext ctx, HistoryEvent event) {
    ActivityInfo activity = ctx.state().activity(event.getActivityTaskCancelRequestedEventAttributes()
        .getScheduledEventId());
    if (activity == null) {
      return;
    }
    TABLE.next(stateOf(activity), Action.REQUEST_CANCEL);
    ctx.state().putActivity(activity.toBuilder()
        .setCancelRequested(true)
        .setCancelRequestedEventId(event.getEventId())
        .build());
  }

  private static ActivityInfo require(ApplyContext ctx, long scheduledEventId, String what) {
    ActivityInfo activity = ctx.state().activity(scheduledEventId);
    if (activity == null) {
      throw new IllegalTransitionException("activity", "unknown scheduled id " + scheduledEventId, what);
    }
    return activity;
  }

  /** A worker took the current attempt. */
  public static ActivityInfo start(WorkflowTransaction tx, ActivityInfo activity, String requestId, String identity) {
    TABLE.next(stateOf(activity), Action.START);
    ActivityInfo started = activity.toBuilder()
        .setStartedTime(ProtoTime.timestamp(tx.now()))
        .setStartedRequestId(requestId)
        .setStartedIdentity(identity)
        .setLastWorkerIdentity(identity)
        .setVersion(tx.version())
        .build();
    tx.state().putActivity(started);
    tx.addTimerTask(TimerTaskType.ACTIVITY_TIMEOUT,
        tx.now().plus(ProtoTime.duration(started.getStartToCloseTimeout())),
        timeoutData(started.getScheduledEventId(), started.getAttempt(), TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE));
    if (ProtoTime.isPositive(started.getHeartbeatTimeout())) {
      tx.addTimerTask(TimerTaskType.ACTIVITY_TIMEOUT,
          tx.now().plus(ProtoTime.duration(started.getHeartbeatTimeout())),
          timeoutData(started.getScheduledEventId(), started.getAttempt(), TimeoutType.TIMEOUT_TYPE_HEARTBEAT));
    }
    return started;
  }

  public static ActivityInfo heartbeat(WorkflowTransaction tx, ActivityInfo activity, Payloads details) {
    TABLE.next(stateOf(activity), Action.HEARTBEAT);
    ActivityInfo updated = activity.toBuilder()
        .setLastHeartbeatDetails(details.toByteString())
        .setLastHeartbeatTime(ProtoTime.timestamp(tx.now()))
        .build();
    tx.state().putActivity(updated);
    return updated;
  }

  public static void complete(WorkflowTransaction tx, ActivityInfo activity, Payloads result, String identity) {
    TABLE.next(stateOf(activity), Action.COMPLETE);
    long startedEventId = appendStarted(tx, activity);
    tx.appendExternal(EventFactory.activityTaskCompleted(ActivityTaskCompletedEventAttributes.newBuilder()
        .setScheduledEventId(activity.getScheduledEventId())
        .setStartedEventId(startedEventId)
        .setResult(result)
        .setIdentity(identity)
        .build()));
  }

  /** The worker reported a failure: retry per the policy, or close the activity as failed. */
  public static RetryState fail(WorkflowTransaction tx, ActivityInfo activity, Failure failure, String identity,
      Payloads lastHeartbeatDetails) {
    TABLE.next(stateOf(activity), Action.FAIL);
    if (lastHeartbeatDetails != null) {
      activity = activity.toBuilder().setLastHeartbeatDetails(lastHeartbeatDetails.toByteString()).build();
    }
    RetryPolicies.Decision decision = decide(tx, activity, failure);
    if (decision.retries()) {
      retry(tx, activity, failure, decision.backoff());
      return decision.state();
    }
    long startedEventId = appendStarted(tx, activity);
    tx.appendExternal(EventFactory.activityTaskFailed(ActivityTaskFailedEventAttributes.newBuilder()
        .setScheduledEventId(activity.getScheduledEventId())
        .setStartedEventId(startedEventId)
        .setFailure(failure)
        .setIdentity(identity)
        .setRetryState(decision.state())
        .build()));
    return decision.state();
  }

  /**
   * A deadline passed: start-to-close and heartbeat timeouts may retry; schedule-to-close and
   * schedule-to-start close the activity with retry state TIMEOUT (as on Temporal, a schedule-to-start
   * timeout is never retried: the queue has no worker, and a retry would wait just as long).
   *
   * <p>The failure the workflow sees is shaped as Temporal's: an attempt that cannot be retried
   * before the schedule-to-close deadline reports SCHEDULE_TO_CLOSE (the attempt's own start-to-close
   * timeout is replaced by it; a heartbeat timeout stays as its cause), and otherwise the previous
   * attempt's failure is the cause of the last one. Failures kept for the next attempt carry neither
   * cause nor heartbeat details, so the chain is never deeper than two.
   */
  public static RetryState timeOut(WorkflowTransaction tx, ActivityInfo activity, TimeoutType type) {
    TABLE.next(stateOf(activity), Action.TIME_OUT);
    Failure previous = lastFailure(activity);
    Failure failure;
    RetryState retryState;
    if (type == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE || type == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) {
      retryState = RetryState.RETRY_STATE_TIMEOUT;
      failure = timeoutFailure(activity, type, previous);
    } else {
      Failure attemptFailure = timeoutFailure(type);
      RetryPolicies.Decision decision = decide(tx, activity, attemptFailure);
      if (decision.retries()) {
        retry(tx, activity, attemptFailure, decision.backoff());
        return decision.state();
      }
      retryState = decision.state();
      if (retryState == RetryState.RETRY_STATE_TIMEOUT) {
        Failure cause = type == TimeoutType.TIMEOUT_TYPE_HEARTBEAT ? attemptFailure : previous;
        failure = timeoutFailure(activity, TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE, cause);
      } else {
        failure = timeoutFailure(activity, type, previous);
      }
    }
    long startedEventId = activity.hasStartedTime() ? appendStarted(tx, activity) : 0;
    tx.appendExternal(EventFactory.activityTaskTimedOut(ActivityTaskTimedOutEventAttributes.newBuilder()
        .setScheduledEventId(activity.getScheduledEventId())
        .setStartedEventId(startedEventId)
        .setFailure(failure)
        .setRetryState(retryState)
        .build()));
    return retryState;
  }

  /**
   * The workflow asked to cancel. A not yet started activity is cancelled at once (returns true: the
   * workflow needs a new task to learn it); a started one is flagged for its next heartbeat.
   */
  public static boolean requestCancel(WorkflowTransaction tx, ActivityInfo activity, long workflowTaskCompletedEventId) {
    TABLE.next(stateOf(activity), Action.REQUEST_CANCEL);
    long requestedEventId = tx.append(EventFactory.activityTaskCancelRequested(
        ActivityTaskCancelRequestedEventAttributes.newBuilder()
            .setScheduledEventId(activity.getScheduledEventId())
            .setWorkflowTaskCompletedEventId(workflowTaskCompletedEventId)
            .build())).getEventId();
    if (!activity.hasStartedTime()) {
      tx.append(EventFactory.activityTaskCanceled(ActivityTaskCanceledEventAttributes.newBuilder()
          .setScheduledEventId(activity.getScheduledEventId())
          .setLatestCancelRequestedEventId(requestedEventId)
          .build()));
      return true;
    }
    return false;
  }

  /** The worker confirmed a requested cancellation. */
  public static void canceled(WorkflowTransaction tx, ActivityInfo activity, Payloads details, String identity) {
    TABLE.next(stateOf(activity), Action.CANCEL);
    long startedEventId = appendStarted(tx, activity);
    tx.appendExternal(EventFactory.activityTaskCanceled(ActivityTaskCanceledEventAttributes.newBuilder()
        .setScheduledEventId(activity.getScheduledEventId())
        .setStartedEventId(startedEventId)
        .setLatestCancelRequestedEventId(activity.getCancelRequestedEventId())
        .setDetails(details)
        .setIdentity(identity)
        .build()));
  }

  /**
   * Takes over the state of a pending activity's current attempt from the cluster where the namespace is
   * active (a sync-activity task: attempt, start, heartbeat, last failure; no event carries them), and arms
   * the deadlines that attempt has, which wait here until a failover. An older task than what this copy has
   * (lower version or attempt, or an activity no longer pending) changes nothing; returns whether it changed.
   */
  public static boolean applySynced(WorkflowTransaction tx, SyncActivityReplicationTask task) {
    ActivityInfo activity = tx.state().activity(task.getScheduledEventId());
    if (activity == null || olderThan(task, activity)) {
      return false;
    }
    boolean newAttempt = task.getAttempt() != activity.getAttempt();
    boolean newStart = task.hasStartedTime() && !task.getStartedTime().equals(activity.getStartedTime());
    ActivityInfo.Builder synced = activity.toBuilder()
        .setVersion(task.getVersion())
        .setAttempt(task.getAttempt())
        .setCurrentAttemptScheduledTime(task.getScheduledTime())
        .setLastHeartbeatDetails(task.getLastHeartbeatDetails())
        .setLastFailure(task.getLastFailure())
        .setStartedIdentity(task.getStartedIdentity());
    if (task.hasStartedTime()) {
      synced.setStartedTime(task.getStartedTime());
    } else {
      synced.clearStartedTime().clearStartedRequestId();
    }
    if (task.hasLastHeartbeatTime()) {
      synced.setLastHeartbeatTime(task.getLastHeartbeatTime());
    } else {
      synced.clearLastHeartbeatTime();
    }
    ActivityInfo updated = synced.build();
    if (updated.equals(activity)) {
      return false;
    }
    tx.state().putActivity(updated);
    long version = updated.getVersion();
    if (newStart) {
      Instant started = ProtoTime.instant(updated.getStartedTime());
      tx.addTimerTask(TimerTaskType.ACTIVITY_TIMEOUT, started.plus(ProtoTime.duration(updated.getStartToCloseTimeout())),
          timeoutData(updated.getScheduledEventId(), updated.getAttempt(), TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE), version);
      if (ProtoTime.isPositive(updated.getHeartbeatTimeout())) {
        rearmHeartbeat(tx, updated, heartbeatDeadline(updated));
      }
    } else if (newAttempt && !task.hasStartedTime()) {
      scheduleAttempt(tx, updated, ProtoTime.instant(updated.getCurrentAttemptScheduledTime()));
    }
    return true;
  }

  /** A state the copy has moved past: older version, earlier attempt, or less of the same attempt. */
  private static boolean olderThan(SyncActivityReplicationTask task, ActivityInfo activity) {
    if (task.getVersion() != activity.getVersion()) {
      return task.getVersion() < activity.getVersion();
    }
    if (task.getAttempt() != activity.getAttempt()) {
      return task.getAttempt() < activity.getAttempt();
    }
    if (activity.hasStartedTime() && !task.hasStartedTime()) {
      return true;
    }
    Instant ours = ProtoTime.instantOrNull(activity.getLastHeartbeatTime());
    Instant theirs = ProtoTime.instantOrNull(task.getLastHeartbeatTime());
    return ours != null && (theirs == null || theirs.isBefore(ours));
  }

  /**
   * A pending activity carried into a new run by a reset waits for a worker from now on: its schedule-to-start
   * deadline restarts.
   */
  static void restartScheduleToStart(WorkflowTransaction tx, ActivityInfo activity) {
    armScheduleToStart(tx, activity, activity.getScheduleToStartTimeout(), tx.now());
  }

  /** When the current attempt's heartbeat deadline is, given the last heartbeat. */
  public static Instant heartbeatDeadline(ActivityInfo activity) {
    Instant last = ProtoTime.instant(activity.getStartedTime());
    Instant heartbeat = ProtoTime.instantOrNull(activity.getLastHeartbeatTime());
    if (heartbeat != null && heartbeat.isAfter(last)) {
      last = heartbeat;
    }
    return last.plus(ProtoTime.duration(activity.getHeartbeatTimeout()));
  }

  /** Arms a heartbeat timer at the deadline moved by later heartbeats. */
  public static void rearmHeartbeat(WorkflowTransaction tx, ActivityInfo activity, Instant deadline) {
    tx.addTimerTask(TimerTaskType.ACTIVITY_TIMEOUT, deadline,
        timeoutData(activity.getScheduledEventId(), activity.getAttempt(), TimeoutType.TIMEOUT_TYPE_HEARTBEAT),
        activity.getVersion());
  }

  public static RetryPolicy retryPolicy(ActivityInfo activity) {
    return parse(activity.getRetryPolicy(), RetryPolicy.parser());
  }

  public static Failure lastFailure(ActivityInfo activity) {
    return activity.getLastFailure().isEmpty() ? null : parse(activity.getLastFailure(), Failure.parser());
  }

  public static Payloads payloads(ByteString bytes) {
    return parse(bytes, Payloads.parser());
  }

  private static void retry(WorkflowTransaction tx, ActivityInfo activity, Failure failure, Duration backoff) {
    // a reset attempt is followed by attempt 1, at once
    boolean reset = activity.getResetRequested();
    Instant next = reset ? tx.now() : tx.now().plus(backoff);
    ActivityInfo retried = activity.toBuilder()
        .setAttempt(reset ? 1 : activity.getAttempt() + 1)
        .clearResetRequested()
        .clearStartedTime()
        .clearStartedRequestId()
        .clearStartedIdentity()
        .clearLastHeartbeatTime()
        .setLastFailure(failure.toByteString())
        .setCurrentAttemptScheduledTime(ProtoTime.timestamp(next))
        .setVersion(tx.version())
        .build();
    tx.state().putActivity(retried);
    if (retried.getPaused()) {
      return; // UnpauseActivity dispatches it
    }
    scheduleAttempt(tx, retried, next);
  }

  /**
   * Dispatches the activity's current attempt at {@code at} (a retry timer), with its schedule-to-start deadline; both
   * timers carry the activity's version.
   */
  private static void scheduleAttempt(WorkflowTransaction tx, ActivityInfo activity, Instant at) {
    tx.addTimerTask(TimerTaskType.ACTIVITY_RETRY, at,
        TimerTaskData.newBuilder().setEventId(activity.getScheduledEventId()).setAttempt(activity.getAttempt()).build(),
        activity.getVersion());
    armScheduleToStart(tx, activity, activity.getScheduleToStartTimeout(), at);
  }

  /** The current attempt's schedule-to-start deadline, {@code timeout} (none when not positive) after {@code from}. */
  private static void armScheduleToStart(WorkflowTransaction tx, ActivityInfo activity,
      com.google.protobuf.Duration timeout, Instant from) {
    if (ProtoTime.isPositive(timeout)) {
      tx.addTimerTask(TimerTaskType.ACTIVITY_TIMEOUT, from.plus(ProtoTime.duration(timeout)),
          timeoutData(activity.getScheduledEventId(), activity.getAttempt(), TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START),
          activity.getVersion());
    }
  }

  private static RetryPolicies.Decision decide(WorkflowTransaction tx, ActivityInfo activity, Failure failure) {
    // after a reset the attempts count from 1 again
    return RetryPolicies.decide(retryPolicy(activity), activity.getResetRequested() ? 1 : activity.getAttempt(), failure,
        tx.now(), ProtoTime.instantOrNull(activity.getExpirationTime()));
  }

  /**
   * PauseActivity: no new attempt of the pending activity is dispatched until it is unpaused; an attempt that runs
   * goes on (its heartbeats tell the worker) and may still complete. Schedule-to-close still applies.
   */
  public static void pause(WorkflowTransaction tx, ActivityInfo activity, String identity, String reason) {
    if (activity.getPaused()) {
      return;
    }
    tx.state().putActivity(activity.toBuilder()
        .setPaused(true)
        .setPausedTime(ProtoTime.timestamp(tx.now()))
        .setPauseIdentity(identity)
        .setPauseReason(reason)
        .build());
  }

  /**
   * UnpauseActivity: an activity waiting for its next attempt gets it at once, or {@code delay} later (the request's
   * jitter) ({@code resetAttempts}: as attempt 1); one whose attempt runs goes on ({@code resetAttempts}: its next
   * attempt will be attempt 1).
   */
  public static void unpause(WorkflowTransaction tx, ActivityInfo activity, boolean resetAttempts,
      boolean resetHeartbeat, Duration delay) {
    if (!activity.getPaused()) {
      return;
    }
    ActivityInfo.Builder unpaused = activity.toBuilder()
        .clearPaused().clearPausedTime().clearPauseIdentity().clearPauseReason();
    if (resetHeartbeat) {
      unpaused.clearLastHeartbeatDetails().clearLastHeartbeatTime();
    }
    if (activity.hasStartedTime()) {
      tx.state().putActivity(unpaused.setResetRequested(activity.getResetRequested() || resetAttempts).build());
      return;
    }
    redispatch(tx, unpaused, resetAttempts ? 1 : activity.getAttempt(), delay);
  }

  /**
   * ResetActivity: the attempts count from 1 again. A waiting activity gets attempt 1 at once, or {@code delay} later
   * (the request's jitter) (unless it stays paused); a running attempt hears of it on heartbeat and, when it ends, is
   * followed by attempt 1 at once.
   */
  public static void reset(WorkflowTransaction tx, ActivityInfo activity, boolean resetHeartbeat, boolean keepPaused,
      Duration delay) {
    ActivityInfo.Builder reset = activity.toBuilder();
    if (resetHeartbeat) {
      reset.clearLastHeartbeatDetails().clearLastHeartbeatTime();
    }
    if (!keepPaused) {
      reset.clearPaused().clearPausedTime().clearPauseIdentity().clearPauseReason();
    }
    if (activity.hasStartedTime()) {
      tx.state().putActivity(reset.setResetRequested(true).build());
    } else if (reset.getPaused()) {
      tx.state().putActivity(reset.setAttempt(1).setVersion(tx.version()).build());
    } else {
      redispatch(tx, reset, 1, delay);
    }
  }

  /**
   * UpdateActivityOptions: the fields {@code paths} name (of Temporal's {@code ActivityOptions}) take the values of
   * {@code options}. A running attempt keeps its start-to-close and heartbeat timeouts; the next attempt, its dispatch
   * and its retries use the new ones. New schedule-to-close and schedule-to-start deadlines are armed at once, counted
   * from the first scheduling and from the waiting attempt's scheduling (the old deadlines' timers then act on
   * nothing). Returns the activity as changed.
   *
   * @throws IllegalArgumentException for a path that names no option this server can change
   */
  public static ActivityInfo updateOptions(WorkflowTransaction tx, ActivityInfo activity, ActivityOptions options,
      List<String> paths) {
    ActivityInfo.Builder updated = activity.toBuilder().setOptionsUpdated(true);
    RetryPolicy.Builder retry = retryPolicy(activity).toBuilder();
    RetryPolicy given = options.getRetryPolicy();
    for (String path : paths) {
      switch (path) {
        case "task_queue", "task_queue.name" -> {
          if (options.getTaskQueue().getName().isEmpty()) {
            throw new IllegalArgumentException("task_queue.name must not be empty");
          }
          updated.setTaskQueue(options.getTaskQueue().getName());
        }
        case "schedule_to_close_timeout" -> {
          com.google.protobuf.Duration timeout = nonNegative(path, options.getScheduleToCloseTimeout());
          updated.setScheduleToCloseTimeout(timeout);
          if (ProtoTime.isPositive(timeout)) {
            Instant expiration = ProtoTime.instant(activity.getScheduledTime()).plus(ProtoTime.duration(timeout));
            updated.setExpirationTime(ProtoTime.timestamp(expiration));
            tx.addTimerTask(TimerTaskType.ACTIVITY_TIMEOUT, expiration,
                timeoutData(activity.getScheduledEventId(), 0, TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE),
                activity.getVersion());
          } else {
            updated.clearExpirationTime();
          }
        }
        case "schedule_to_start_timeout" -> {
          com.google.protobuf.Duration timeout = nonNegative(path, options.getScheduleToStartTimeout());
          updated.setScheduleToStartTimeout(timeout);
          if (!activity.hasStartedTime()) {
            // the attempt waiting for a worker gets the new deadline (the old one's timer then acts on nothing)
            armScheduleToStart(tx, activity, timeout, ProtoTime.instant(activity.getCurrentAttemptScheduledTime()));
          }
        }
        case "start_to_close_timeout" -> updated.setStartToCloseTimeout(nonNegative(path, options.getStartToCloseTimeout()));
        case "heartbeat_timeout" -> updated.setHeartbeatTimeout(nonNegative(path, options.getHeartbeatTimeout()));
        case "retry_policy" -> retry = given.toBuilder();
        case "retry_policy.initial_interval" -> retry.setInitialInterval(nonNegative(path, given.getInitialInterval()));
        case "retry_policy.backoff_coefficient" -> retry.setBackoffCoefficient(given.getBackoffCoefficient());
        case "retry_policy.maximum_interval" -> retry.setMaximumInterval(nonNegative(path, given.getMaximumInterval()));
        case "retry_policy.maximum_attempts" -> retry.setMaximumAttempts(given.getMaximumAttempts());
        case "retry_policy.non_retryable_error_types" ->
            retry.clearNonRetryableErrorTypes().addAllNonRetryableErrorTypes(given.getNonRetryableErrorTypesList());
        case "priority" -> updated.setPriority(options.getPriority().toByteString());
        default -> throw new IllegalArgumentException("update_mask path " + path + " names no activity option this"
            + " server can change");
      }
    }
    if (retry.getBackoffCoefficient() != 0 && retry.getBackoffCoefficient() < 1) {
      throw new IllegalArgumentException("retry_policy.backoff_coefficient must be 1 or larger");
    }
    if (retry.getMaximumAttempts() < 0) {
      throw new IllegalArgumentException("retry_policy.maximum_attempts must not be negative");
    }
    ActivityInfo changed = updated.setRetryPolicy(retry.build().toByteString()).build();
    tx.state().putActivity(changed);
    return changed;
  }

  /** The options the activity runs with, as Temporal's {@code ActivityOptions}. */
  public static ActivityOptions optionsOf(ActivityInfo activity) {
    ActivityOptions.Builder options = ActivityOptions.newBuilder()
        .setTaskQueue(io.temporal.api.taskqueue.v1.TaskQueue.newBuilder().setName(activity.getTaskQueue()))
        .setScheduleToCloseTimeout(activity.getScheduleToCloseTimeout())
        .setScheduleToStartTimeout(activity.getScheduleToStartTimeout())
        .setStartToCloseTimeout(activity.getStartToCloseTimeout())
        .setHeartbeatTimeout(activity.getHeartbeatTimeout())
        .setRetryPolicy(retryPolicy(activity));
    if (!activity.getPriority().isEmpty()) {
      options.setPriority(parse(activity.getPriority(), io.temporal.api.common.v1.Priority.parser()));
    }
    return options.build();
  }

  private static com.google.protobuf.Duration nonNegative(String path, com.google.protobuf.Duration duration) {
    if (duration.getSeconds() < 0 || duration.getNanos() < 0) {
      throw new IllegalArgumentException(path + " must not be negative");
    }
    return duration;
  }

  /**
   * The waiting activity's attempt {@code attempt} goes to matching {@code delay} from now (a retry timer of another
   * attempt is stale).
   */
  private static void redispatch(WorkflowTransaction tx, ActivityInfo.Builder activity, int attempt, Duration delay) {
    Instant at = tx.now().plus(delay);
    ActivityInfo next = activity.setAttempt(attempt)
        .setCurrentAttemptScheduledTime(ProtoTime.timestamp(at))
        .setVersion(tx.version())
        .build();
    tx.state().putActivity(next);
    scheduleAttempt(tx, next, at);
  }

  private static long appendStarted(WorkflowTransaction tx, ActivityInfo activity) {
    ActivityTaskStartedEventAttributes.Builder started = ActivityTaskStartedEventAttributes.newBuilder()
        .setScheduledEventId(activity.getScheduledEventId())
        .setIdentity(activity.getStartedIdentity())
        .setRequestId(activity.getStartedRequestId())
        .setAttempt(activity.getAttempt());
    Failure lastFailure = lastFailure(activity);
    if (lastFailure != null) {
      started.setLastFailure(lastFailure);
    }
    return tx.appendExternal(EventFactory.activityTaskStarted(started.build()).setEventTime(activity.getStartedTime()));
  }

  /** The failure an attempt's timeout is kept as for the next attempt: no heartbeat details, no cause. */
  private static Failure timeoutFailure(TimeoutType type) {
    return Failure.newBuilder()
        .setMessage("activity " + timeoutLabel(type) + " timeout")
        .setSource("Server")
        .setTimeoutFailureInfo(TimeoutFailureInfo.newBuilder().setTimeoutType(type))
        .build();
  }

  /** The failure a timed-out activity closes with: the last heartbeat details, and {@code cause} if any. */
  private static Failure timeoutFailure(ActivityInfo activity, TimeoutType type, Failure cause) {
    Failure.Builder failure = timeoutFailure(type).toBuilder();
    if (!activity.getLastHeartbeatDetails().isEmpty()) {
      failure.getTimeoutFailureInfoBuilder().setLastHeartbeatDetails(payloads(activity.getLastHeartbeatDetails()));
    }
    if (cause != null) {
      failure.setCause(cause);
    }
    return failure.build();
  }

  private static String timeoutLabel(TimeoutType type) {
    return switch (type) {
      case TIMEOUT_TYPE_SCHEDULE_TO_START -> "ScheduleToStart";
      case TIMEOUT_TYPE_SCHEDULE_TO_CLOSE -> "ScheduleToClose";
      case TIMEOUT_TYPE_HEARTBEAT -> "Heartbeat";
      default -> "StartToClose";
    };
  }

  private static TimerTaskData timeoutData(long scheduledEventId, int attempt, TimeoutType type) {
    return TimerTaskData.newBuilder()
        .setEventId(scheduledEventId)
        .setAttempt(attempt)
        .setTimeoutType(type.getNumber())
        .build();
  }

  private static <T> T parse(ByteString bytes, com.google.protobuf.Parser<T> parser) {
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt activity info field", e);
    }
  }
}
