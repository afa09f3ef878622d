package dev.conduit.history.workflow;

import dev.conduit.history.tasks.TimerTaskType;
import dev.conduit.history.tasks.TransferTaskType;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.proto.persistence.v1.ExecutionInfo;
import dev.conduit.proto.persistence.v1.TimerTaskData;
import dev.conduit.proto.persistence.v1.TransferTaskData;
import dev.conduit.proto.persistence.v1.WorkflowTaskInfo;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.WorkflowTaskCompletedEventAttributes;
import io.temporal.api.history.v1.WorkflowTaskFailedEventAttributes;
import io.temporal.api.history.v1.WorkflowTaskScheduledEventAttributes;
import io.temporal.api.history.v1.WorkflowTaskStartedEventAttributes;
import io.temporal.api.history.v1.WorkflowTaskTimedOutEventAttributes;
import io.temporal.api.taskqueue.v1.TaskQueue;
import java.time.Duration;
import java.time.Instant;

/**
 * The run's workflow task.
 *
 * <pre>
 * NONE --schedule--> SCHEDULED --start--> STARTED --complete | fail | timeOut--> NONE
 *                    SCHEDULED --scheduleToStartTimeOut (sticky only)--> NONE, then scheduled again
 *                                                                        on the normal queue
 *          SCHEDULED | STARTED --forceClose (the run closes without it)--> NONE
 * </pre>
 *
 * <p>After a failure or start-to-close timeout the next attempt is <em>transient</em>: its scheduled and
 * started events stay out of history until it completes, so a task that keeps failing does not grow the
 * history. A transient task that sees new events before it starts becomes a normal one (attempt 1).
 * A failure while the run is sticky only drops stickiness; the next attempt goes to the normal queue
 * with the full history and does not count as a retry.
 */
public final class WorkflowTaskStateMachine {

  enum State { NONE, SCHEDULED, STARTED }

  enum Action { SCHEDULE, START, COMPLETE, FAIL, TIME_OUT, SCHEDULE_TO_START_TIME_OUT, FORCE_CLOSE }

  static final TransitionTable<State, Action> TABLE = TransitionTable
      .builder("workflow task", State.class, Action.class)
      .add(State.NONE, Action.SCHEDULE, State.SCHEDULED)
      .add(State.SCHEDULED, Action.START, State.STARTED)
      .add(State.SCHEDULED, Action.SCHEDULE_TO_START_TIME_OUT, State.NONE)
      .add(State.SCHEDULED, Action.FORCE_CLOSE, State.NONE)
      .add(State.STARTED, Action.COMPLETE, State.NONE)
      .add(State.STARTED, Action.FAIL, State.NONE)
      .add(State.STARTED, Action.TIME_OUT, State.NONE)
      .add(State.STARTED, Action.FORCE_CLOSE, State.NONE)
      .build();

  private WorkflowTaskStateMachine() {}

  static State stateOf(MutableState state) {
    WorkflowTaskInfo task = state.workflowTask();
    if (task == null) {
      return State.NONE;
    }
    return task.getStartedEventId() == 0 ? State.SCHEDULED : State.STARTED;
  }

  /** Schedules a workflow task; attempt &gt; 1 makes it transient. */
  public static WorkflowTaskInfo schedule(WorkflowTransaction tx, int attempt) {
    MutableState state = tx.state();
    requireRunning(state);
    TABLE.next(stateOf(state), Action.SCHEDULE);
    if (state.hasBufferedEvents()) {
      tx.flushBufferedEvents();
      attempt = 1;
    }
    ExecutionInfo info = state.info();
    boolean isTransient = attempt > 1;
    boolean sticky = !isTransient && stickyUsable(info, tx);
    String queue = sticky ? info.getStickyTaskQueue() : info.getTaskQueue();
    com.google.protobuf.Duration timeout = info.getDefaultWorkflowTaskTimeout();
    com.google.protobuf.Duration scheduleToStart = sticky
        ? info.getStickyScheduleToStartTimeout() : com.google.protobuf.Duration.getDefaultInstance();
    long scheduledEventId;
    if (isTransient) {
      scheduledEventId = state.nextEventId();
    } else {
      scheduledEventId = tx.append(EventFactory.workflowTaskScheduled(WorkflowTaskScheduledEventAttributes.newBuilder()
          .setTaskQueue(taskQueue(info, sticky))
          .setStartToCloseTimeout(timeout)
          .setAttempt(attempt)
          .build())).getEventId();
    }
    WorkflowTaskInfo task = WorkflowTaskInfo.newBuilder()
        .setScheduledEventId(scheduledEventId)
        .setAttempt(attempt)
        .setStartToCloseTimeout(timeout)
        .setScheduledTime(ProtoTime.timestamp(tx.now()))
        .setOriginalScheduledTime(ProtoTime.timestamp(tx.now()))
        .setTransient(isTransient)
        .setTaskQueue(queue)
        .setSticky(sticky)
        .setScheduleToStartTimeout(scheduleToStart)
        .setVersion(tx.version())
        .build();
    state.setWorkflowTask(task);
    tx.addTransferTask(TransferTaskType.WORKFLOW_TASK, TransferTaskData.newBuilder()
        .setScheduledEventId(scheduledEventId)
        .setTaskQueue(queue)
        .setSticky(sticky)
        .setScheduleToStartTimeout(scheduleToStart)
        .setAttempt(attempt)
        .build());
    if (sticky && ProtoTime.isPositive(scheduleToStart)) {
      tx.addTimerTask(TimerTaskType.WORKFLOW_TASK_TIMEOUT, tx.now().plus(ProtoTime.duration(scheduleToStart)),
          timeoutData(task, TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START));
    }
    return task;
  }

  /** Records that a worker took the task; a transient task writes no event yet. */
  public static WorkflowTaskInfo start(WorkflowTransaction tx, String requestId, String identity) {
    MutableState state = tx.state();
    requireRunning(state);
    TABLE.next(stateOf(state), Action.START);
    WorkflowTaskInfo task = state.workflowTask();
    long startedEventId;
    if (task.getTransient()) {
      if (state.nextEventId() != task.getScheduledEventId()) {
        throw new IllegalStateException("transient workflow task " + task.getScheduledEventId()
            + " but next event id is " + state.nextEventId());
      }
      startedEventId = task.getScheduledEventId() + 1;
    } else {
      startedEventId = tx.append(EventFactory.workflowTaskStarted(WorkflowTaskStartedEventAttributes.newBuilder()
          .setScheduledEventId(task.getScheduledEventId())
          .setIdentity(identity)
          .setRequestId(requestId)
          .setHistorySizeBytes(state.historySizeBytes())
          .setSuggestContinueAsNew(HistoryLimits.pastWarning(state, tx.config().limits()))
          .build())).getEventId();
    }
    WorkflowTaskInfo started = task.toBuilder()
        .setStartedEventId(startedEventId)
        .setStartedTime(ProtoTime.timestamp(tx.now()))
        .setRequestId(requestId)
        .setIdentity(identity)
        .build();
    state.setWorkflowTask(started);
    if (state.state() == ExecutionState.CREATED) {
      state.setState(ExecutionState.RUNNING);
    }
    tx.addTimerTask(TimerTaskType.WORKFLOW_TASK_TIMEOUT,
        tx.now().plus(ProtoTime.duration(started.getStartToCloseTimeout())),
        timeoutData(started, TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE));
    return started;
  }

  /** Completes the started task; returns the WorkflowTaskCompleted event id the commands refer to. */
  public static long complete(WorkflowTransaction tx, WorkflowTaskCompletedEventAttributes.Builder attributes) {
    MutableState state = tx.state();
    TABLE.next(stateOf(state), Action.COMPLETE);
    WorkflowTaskInfo task = state.workflowTask();
    if (task.getTransient()) {
      materializeStarted(tx, task);
    }
    long completedEventId = tx.append(EventFactory.workflowTaskCompleted(attributes
        .setScheduledEventId(task.getScheduledEventId())
        .setStartedEventId(task.getStartedEventId())
        .build())).getEventId();
    state.setLastCompletedWorkflowTaskStartedEventId(task.getStartedEventId());
    state.clearWorkflowTask();
    return completedEventId;
  }

  /** Fails the started task (worker report or bad commands) and schedules the next attempt. */
  @SuppressWarnings("deprecation") // binary checksum: still sent by SDKs without worker versioning
  public static void fail(WorkflowTransaction tx, WorkflowTaskFailedCause cause, Failure failure, String identity,
      String binaryChecksum) {
    MutableState state = tx.state();
    TABLE.next(stateOf(state), Action.FAIL);
    WorkflowTaskInfo task = state.workflowTask();
    if (!task.getTransient()) {
      tx.append(EventFactory.workflowTaskFailed(failedAttributes(task, cause, failure, identity)
          .setBinaryChecksum(binaryChecksum).build()));
    }
    afterFailure(tx, task);
  }

  /** The started task ran past its start-to-close timeout. */
  public static void timeOutStartToClose(WorkflowTransaction tx) {
    MutableState state = tx.state();
    TABLE.next(stateOf(state), Action.TIME_OUT);
    WorkflowTaskInfo task = state.workflowTask();
    if (!task.getTransient()) {
      tx.append(EventFactory.workflowTaskTimedOut(WorkflowTaskTimedOutEventAttributes.newBuilder()
          .setScheduledEventId(task.getScheduledEventId())
          .setStartedEventId(task.getStartedEventId())
          .setTimeoutType(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE)
          .build()));
    }
    afterFailure(tx, task);
  }

  /** Nobody took the task from the sticky queue in time: drop stickiness, go to the normal queue. */
  public static void timeOutScheduleToStart(WorkflowTransaction tx) {
    MutableState state = tx.state();
    TABLE.next(stateOf(state), Action.SCHEDULE_TO_START_TIME_OUT);
    WorkflowTaskInfo task = state.workflowTask();
    if (!task.getSticky() || task.getTransient()) {
      throw new IllegalTransitionException("workflow task", "non-sticky task", Action.SCHEDULE_TO_START_TIME_OUT);
    }
    tx.append(EventFactory.workflowTaskTimedOut(WorkflowTaskTimedOutEventAttributes.newBuilder()
        .setScheduledEventId(task.getScheduledEventId())
        .setTimeoutType(TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START)
        .build()));
    state.clearWorkflowTask();
    clearSticky(state);
    schedule(tx, task.getAttempt());
  }

  /** The run closes by other means (timeout, termination): a started task is failed, any task dropped. */
  public static void forceClose(WorkflowTransaction tx) {
    MutableState state = tx.state();
    State current = stateOf(state);
    if (current == State.NONE) {
      return;
    }
    TABLE.next(current, Action.FORCE_CLOSE);
    WorkflowTaskInfo task = state.workflowTask();
    if (current == State.STARTED && !task.getTransient()) {
      tx.append(EventFactory.workflowTaskFailed(failedAttributes(task,
          WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND, null, "history-service").build()));
    }
    state.clearWorkflowTask();
  }

  /** Writes a scheduled-but-not-started transient task's scheduled event: it becomes a normal task. */
  static void materializeScheduled(WorkflowTransaction tx) {
    MutableState state = tx.state();
    WorkflowTaskInfo task = state.workflowTask();
    WorkflowTaskInfo normal = task.toBuilder().setTransient(false).setAttempt(1).build();
    state.setWorkflowTask(normal);
    long eventId = tx.append(EventFactory.workflowTaskScheduled(WorkflowTaskScheduledEventAttributes.newBuilder()
        .setTaskQueue(taskQueue(state.info(), false))
        .setStartToCloseTimeout(task.getStartToCloseTimeout())
        .setAttempt(1)
        .build())).getEventId();
    checkReservedId(eventId, task.getScheduledEventId());
  }

  /** Stickiness is dropped explicitly (ResetStickyTaskQueue, worker shutdown) or after a failure. */
  public static void clearSticky(MutableState state) {
    state.infoBuilder().clearStickyTaskQueue().clearStickyScheduleToStartTimeout().clearStickySetTime();
  }

  private static void materializeStarted(WorkflowTransaction tx, WorkflowTaskInfo task) {
    MutableState state = tx.state();
    state.setWorkflowTask(task.toBuilder().setTransient(false).build());
    long scheduledId = tx.append(EventFactory.workflowTaskScheduled(WorkflowTaskScheduledEventAttributes.newBuilder()
            .setTaskQueue(taskQueue(state.info(), false))
            .setStartToCloseTimeout(task.getStartToCloseTimeout())
            .setAttempt(task.getAttempt())
            .build())
        .setEventTime(task.getScheduledTime())).getEventId();
    checkReservedId(scheduledId, task.getScheduledEventId());
    long startedId = tx.append(EventFactory.workflowTaskStarted(WorkflowTaskStartedEventAttributes.newBuilder()
            .setScheduledEventId(scheduledId)
            .setIdentity(task.getIdentity())
            .setRequestId(task.getRequestId())
            .build())
        .setEventTime(task.getStartedTime())).getEventId();
    checkReservedId(startedId, task.getStartedEventId());
  }

  private static void afterFailure(WorkflowTransaction tx, WorkflowTaskInfo task) {
    MutableState state = tx.state();
    state.clearWorkflowTask();
    int nextAttempt = task.getAttempt() + 1;
    if (!state.info().getStickyTaskQueue().isEmpty()) {
      // The sticky worker may just have lost its cache: retry once with full history before counting.
      clearSticky(state);
      nextAttempt = task.getAttempt();
    }
    if (state.isRunning()) {
      schedule(tx, nextAttempt);
    }
  }

  private static WorkflowTaskFailedEventAttributes.Builder failedAttributes(WorkflowTaskInfo task,
      WorkflowTaskFailedCause cause, Failure failure, String identity) {
    WorkflowTaskFailedEventAttributes.Builder attributes = WorkflowTaskFailedEventAttributes.newBuilder()
        .setScheduledEventId(task.getScheduledEventId())
        .setStartedEventId(task.getStartedEventId())
        .setCause(cause)
        .setIdentity(identity);
    if (failure != null) {
      attributes.setFailure(failure);
    }
    return attributes;
  }

  private static boolean stickyUsable(ExecutionInfo info, WorkflowTransaction tx) {
    if (info.getStickyTaskQueue().isEmpty()) {
      return false;
    }
    Duration ttl = tx.config().stickyQueueTtl();
    Instant setAt = ProtoTime.instantOrNull(info.getStickySetTime());
    return ttl.isZero() || setAt == null || setAt.plus(ttl).isAfter(tx.now());
  }

  private static TaskQueue taskQueue(ExecutionInfo info, boolean sticky) {
    if (sticky) {
      return TaskQueue.newBuilder().setName(info.getStickyTaskQueue()).setKind(TaskQueueKind.TASK_QUEUE_KIND_STICKY)
          .setNormalName(info.getTaskQueue()).build();
    }
    return TaskQueue.newBuilder().setName(info.getTaskQueue()).setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL).build();
  }

  private static TimerTaskData timeoutData(WorkflowTaskInfo task, TimeoutType type) {
    return TimerTaskData.newBuilder()
        .setEventId(task.getScheduledEventId())
        .setAttempt(task.getAttempt())
        .setTimeoutType(type.getNumber())
        .build();
  }

  private static void requireRunning(MutableState state) {
    if (!state.isRunning()) {
      throw new IllegalTransitionException("workflow task", "closed run", "change");
    }
  }

  private static void checkReservedId(long actual, long reserved) {
    if (actual != reserved) {
      throw new IllegalStateException("transient workflow task event got id " + actual + ", reserved " + reserved);
    }
  }
}
