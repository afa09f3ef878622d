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
import io.temporal.api.failure.v1.ResetWorkflowFailureInfo;
import io.temporal.api.history.v1.HistoryEvent;
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
 *
 * <p>A task that only carries Workflow Updates to an idle run is <em>speculative</em> (Temporal's): transient
 * at attempt 1, on the sticky queue when the worker has the run cached. A completion with nothing but update
 * rejections {@linkplain #discardSpeculative discards} it, so a rejected update leaves no event; any other
 * completion, a failure or a timeout writes its scheduled and started events first, as for a transient task.
 *
 * <p>The public methods decide (check the move, build the events); the package-private {@code apply...}
 * functions, called through {@link MutableStateApplier}, are the only code that changes this state for an
 * event and derives its tasks.
 */
public final class WorkflowTaskStateMachine {

  enum State { NONE, SCHEDULED, STARTED }

  enum Action { SCHEDULE, START, COMPLETE, FAIL, TIME_OUT, SCHEDULE_TO_START_TIME_OUT, FORCE_CLOSE }

  /** The identity of what history itself decides. */
  public static final String HISTORY_IDENTITY = "history-service";

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

  /** Schedules a workflow task; attempt &gt; 1 makes it transient (no event: state not carried by events). */
  public static WorkflowTaskInfo schedule(WorkflowTransaction tx, int attempt) {
    MutableState state = tx.state();
    requireRunning(state);
    TABLE.next(stateOf(state), Action.SCHEDULE);
    if (state.hasBufferedEvents()) {
      tx.flushBufferedEvents();
      attempt = 1;
    }
    ExecutionInfo info = state.info();
    if (attempt <= 1) {
      boolean sticky = stickyUsable(info, tx);
      tx.append(EventFactory.workflowTaskScheduled(WorkflowTaskScheduledEventAttributes.newBuilder()
          .setTaskQueue(taskQueue(info, sticky))
          .setStartToCloseTimeout(info.getDefaultWorkflowTaskTimeout())
          .setAttempt(attempt)
          .build()));
      return state.workflowTask();
    }
    WorkflowTaskInfo task = scheduledTask(state, state.nextEventId(), attempt, info.getTaskQueue(), false,
        info.getDefaultWorkflowTaskTimeout(), tx.now(), tx.version()).setTransient(true).build();
    state.setWorkflowTask(task);
    tx.addTransferTask(TransferTaskType.WORKFLOW_TASK, dispatchData(task));
    return task;
  }

  /**
   * Schedules a speculative task for the Workflow Updates admitted to an idle run: no event, attempt 1, dispatched
   * to the worker's sticky queue when fresh (with its schedule-to-start timeout) or else to the normal queue.
   */
  public static WorkflowTaskInfo scheduleSpeculative(WorkflowTransaction tx) {
    MutableState state = tx.state();
    requireRunning(state);
    TABLE.next(stateOf(state), Action.SCHEDULE);
    if (state.hasBufferedEvents()) {
      throw new IllegalStateException("a speculative workflow task with buffered events");
    }
    ExecutionInfo info = state.info();
    boolean sticky = stickyUsable(info, tx);
    WorkflowTaskInfo task = scheduledTask(state, state.nextEventId(), 1,
            sticky ? info.getStickyTaskQueue() : info.getTaskQueue(), sticky, info.getDefaultWorkflowTaskTimeout(),
            tx.now(), tx.version())
        .setTransient(true).setSpeculative(true).setSpeculativeStamp(state.stateTransitionCount() + 1).build();
    state.setWorkflowTask(task);
    tx.addTransferTask(TransferTaskType.WORKFLOW_TASK, dispatchData(task));
    if (sticky && ProtoTime.isPositive(task.getScheduleToStartTimeout())) {
      tx.addTimerTask(TimerTaskType.WORKFLOW_TASK_TIMEOUT,
          tx.now().plus(ProtoTime.duration(task.getScheduleToStartTimeout())),
          timeoutData(task, TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START));
    }
    return task;
  }

  /**
   * Drops the started speculative task whose completion changed nothing but rejected updates: no event is written,
   * the run is as it was before the task was scheduled (the caller keeps the worker's stickiness).
   */
  public static void discardSpeculative(WorkflowTransaction tx) {
    clearSpeculative(tx, Action.COMPLETE);
  }

  /** Drops a speculative task not started yet that has nothing left to carry (its updates were lost or answered). */
  public static void dropSpeculative(WorkflowTransaction tx) {
    clearSpeculative(tx, Action.FORCE_CLOSE);
  }

  private static void clearSpeculative(WorkflowTransaction tx, Action action) {
    MutableState state = tx.state();
    TABLE.next(stateOf(state), action);
    if (!state.workflowTask().getSpeculative()) {
      throw new IllegalStateException("only a speculative workflow task leaves without events (" + action + ")");
    }
    state.clearWorkflowTask();
  }

  /**
   * Applies WorkflowTaskScheduled. The scheduled event of a transient task already in the state (written
   * when it completes or sees new events) makes it a normal task; its tasks exist already.
   */
  static void applyScheduled(ApplyContext ctx, HistoryEvent event) {
    MutableState state = ctx.state();
    WorkflowTaskScheduledEventAttributes a = event.getWorkflowTaskScheduledEventAttributes();
    WorkflowTaskInfo current = state.workflowTask();
    if (current != null && current.getTransient() && current.getScheduledEventId() == event.getEventId()) {
      state.setWorkflowTask(current.toBuilder().setTransient(false).setSpeculative(false).setAttempt(a.getAttempt())
          .setScheduledTime(event.getEventTime()).setOriginalScheduledTime(event.getEventTime()).build());
      return;
    }
    requireRunning(state);
    TABLE.next(stateOf(state), Action.SCHEDULE);
    boolean sticky = a.getTaskQueue().getKind() == TaskQueueKind.TASK_QUEUE_KIND_STICKY;
    WorkflowTaskInfo task = scheduledTask(state, event.getEventId(), a.getAttempt(), a.getTaskQueue().getName(),
        sticky, a.getStartToCloseTimeout(), ApplyContext.timeOf(event), event.getVersion()).build();
    state.setWorkflowTask(task);
    ctx.transferTask(event, TransferTaskType.WORKFLOW_TASK, dispatchData(task));
    if (sticky && ProtoTime.isPositive(task.getScheduleToStartTimeout())) {
      ctx.timerTask(event, TimerTaskType.WORKFLOW_TASK_TIMEOUT,
          ApplyContext.timeOf(event).plus(ProtoTime.duration(task.getScheduleToStartTimeout())),
          timeoutData(task, TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START));
    }
  }

  private static WorkflowTaskInfo.Builder scheduledTask(MutableState state, long scheduledEventId, int attempt,
      String queue, boolean sticky, com.google.protobuf.Duration timeout, Instant at, long version) {
    com.google.protobuf.Duration scheduleToStart = sticky
        ? state.info().getStickyScheduleToStartTimeout() : com.google.protobuf.Duration.getDefaultInstance();
    return WorkflowTaskInfo.newBuilder()
        .setScheduledEventId(scheduledEventId)
        .setAttempt(attempt)
        .setStartToCloseTimeout(timeout)
        .setScheduledTime(ProtoTime.timestamp(at))
        .setOriginalScheduledTime(ProtoTime.timestamp(at))
        .setTaskQueue(queue)
        .setSticky(sticky)
        .setScheduleToStartTimeout(scheduleToStart)
        .setVersion(version);
  }

  private static TransferTaskData dispatchData(WorkflowTaskInfo task) {
    return TransferTaskData.newBuilder()
        .setScheduledEventId(task.getScheduledEventId())
        .setTaskQueue(task.getTaskQueue())
        .setSticky(task.getSticky())
        .setScheduleToStartTimeout(task.getScheduleToStartTimeout())
        .setAttempt(task.getAttempt())
        .build();
  }

  /** Records that a worker took the task; a transient task writes no event yet. */
  public static WorkflowTaskInfo start(WorkflowTransaction tx, String requestId, String identity) {
    MutableState state = tx.state();
    requireRunning(state);
    TABLE.next(stateOf(state), Action.START);
    WorkflowTaskInfo task = state.workflowTask();
    if (!task.getTransient()) {
      tx.append(EventFactory.workflowTaskStarted(WorkflowTaskStartedEventAttributes.newBuilder()
          .setScheduledEventId(task.getScheduledEventId())
          .setIdentity(identity)
          .setRequestId(requestId)
          .setHistorySizeBytes(state.historySizeBytes())
          .setSuggestContinueAsNew(HistoryLimits.pastWarning(state, tx.config().limits()))
          .build()));
      return state.workflowTask();
    }
    if (state.nextEventId() != task.getScheduledEventId()) {
      throw new IllegalStateException("transient workflow task " + task.getScheduledEventId()
          + " but next event id is " + state.nextEventId());
    }
    WorkflowTaskInfo started = startedTask(state, task, task.getScheduledEventId() + 1, tx.now(), requestId,
        identity, tx.version());
    tx.addTimerTask(TimerTaskType.WORKFLOW_TASK_TIMEOUT,
        tx.now().plus(ProtoTime.duration(started.getStartToCloseTimeout())),
        timeoutData(started, TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE));
    return started;
  }

  /**
   * Applies WorkflowTaskStarted. The started event of a transient task that already runs (written when it
   * completes) only makes it a normal task.
   */
  static void applyStarted(ApplyContext ctx, HistoryEvent event) {
    MutableState state = ctx.state();
    WorkflowTaskInfo task = state.workflowTask();
    if (task != null && task.getStartedEventId() == event.getEventId()) {
      state.setWorkflowTask(task.toBuilder().setTransient(false).setSpeculative(false).build());
      return;
    }
    requireRunning(state);
    TABLE.next(stateOf(state), Action.START);
    WorkflowTaskStartedEventAttributes a = event.getWorkflowTaskStartedEventAttributes();
    if (a.getScheduledEventId() != task.getScheduledEventId()) {
      throw new IllegalTransitionException("workflow task", "scheduled " + task.getScheduledEventId(),
          "start of " + a.getScheduledEventId());
    }
    Instant at = ApplyContext.timeOf(event);
    WorkflowTaskInfo started = startedTask(state, task, event.getEventId(), at, a.getRequestId(), a.getIdentity(),
        event.getVersion());
    ctx.timerTask(event, TimerTaskType.WORKFLOW_TASK_TIMEOUT,
        at.plus(ProtoTime.duration(started.getStartToCloseTimeout())),
        timeoutData(started, TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE));
  }

  private static WorkflowTaskInfo startedTask(MutableState state, WorkflowTaskInfo task, long startedEventId,
      Instant at, String requestId, String identity, long version) {
    WorkflowTaskInfo started = task.toBuilder()
        .setVersion(version)
        .setStartedEventId(startedEventId)
        .setStartedTime(ProtoTime.timestamp(at))
        .setRequestId(requestId)
        .setIdentity(identity)
        .build();
    state.setWorkflowTask(started);
    if (state.state() == ExecutionState.CREATED) {
      state.setState(ExecutionState.RUNNING);
    }
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
    return tx.append(EventFactory.workflowTaskCompleted(attributes
        .setScheduledEventId(task.getScheduledEventId())
        .setStartedEventId(task.getStartedEventId())
        .build())).getEventId();
  }

  static void applyCompleted(ApplyContext ctx, HistoryEvent event) {
    MutableState state = ctx.state();
    WorkflowTaskInfo task = requireStarted(state, event.getWorkflowTaskCompletedEventAttributes().getStartedEventId(),
        Action.COMPLETE);
    state.setLastCompletedWorkflowTaskStartedEventId(task.getStartedEventId());
    state.clearWorkflowTask();
    BuildIds.recordCompletion(ctx, event);
  }

  /** Applies WorkflowTaskFailed or WorkflowTaskTimedOut: the task is gone; the decide side schedules the next. */
  static void applyFailedOrTimedOut(ApplyContext ctx, HistoryEvent event) {
    MutableState state = ctx.state();
    if (event.hasWorkflowTaskTimedOutEventAttributes()
        && event.getWorkflowTaskTimedOutEventAttributes().getStartedEventId() == 0) {
      WorkflowTaskInfo task = state.workflowTask();
      TABLE.next(stateOf(state), Action.SCHEDULE_TO_START_TIME_OUT);
      if (task.getScheduledEventId() != event.getWorkflowTaskTimedOutEventAttributes().getScheduledEventId()) {
        throw new IllegalTransitionException("workflow task", "scheduled " + task.getScheduledEventId(),
            Action.SCHEDULE_TO_START_TIME_OUT);
      }
      state.clearWorkflowTask();
      return;
    }
    long startedEventId = event.hasWorkflowTaskFailedEventAttributes()
        ? event.getWorkflowTaskFailedEventAttributes().getStartedEventId()
        : event.getWorkflowTaskTimedOutEventAttributes().getStartedEventId();
    requireStarted(state, startedEventId, Action.FAIL);
    state.clearWorkflowTask();
  }

  private static WorkflowTaskInfo requireStarted(MutableState state, long startedEventId, Action action) {
    TABLE.next(stateOf(state), action);
    WorkflowTaskInfo task = state.workflowTask();
    if (task.getStartedEventId() != startedEventId) {
      throw new IllegalTransitionException("workflow task", "started " + task.getStartedEventId(),
          action + " of " + startedEventId);
    }
    return task;
  }

  /** Fails the started task (worker report or bad commands) and schedules the next attempt. */
  @SuppressWarnings("deprecation") // binary checksum: still sent by SDKs without worker versioning
  public static void fail(WorkflowTransaction tx, WorkflowTaskFailedCause cause, Failure failure, String identity,
      String binaryChecksum) {
    MutableState state = tx.state();
    TABLE.next(stateOf(state), Action.FAIL);
    WorkflowTaskInfo task = materializedIfSpeculative(tx);
    if (!task.getTransient()) {
      tx.append(EventFactory.workflowTaskFailed(failedAttributes(task, cause, failure, identity)
          .setBinaryChecksum(binaryChecksum).build()));
    }
    afterFailure(tx, task);
  }

  /**
   * Ends the workflow task a reset rebuilt its new run up to (Temporal's reset point): one only scheduled is started
   * first, then it fails with cause RESET_WORKFLOW naming both runs and the version of the fork point. The next task
   * is not scheduled here: the events the reset carries over come first.
   */
  public static void failForReset(WorkflowTransaction tx, String reason, String baseRunId, String newRunId,
      long forkEventVersion) {
    MutableState state = tx.state();
    if (stateOf(state) == State.SCHEDULED) {
      start(tx, newRunId, HISTORY_IDENTITY);
    }
    TABLE.next(stateOf(state), Action.FAIL);
    WorkflowTaskInfo task = state.workflowTask();
    tx.append(EventFactory.workflowTaskFailed(failedAttributes(task,
            WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW,
            Failure.newBuilder().setMessage(reason)
                .setResetWorkflowFailureInfo(ResetWorkflowFailureInfo.getDefaultInstance()).build(),
            HISTORY_IDENTITY)
        .setBaseRunId(baseRunId)
        .setNewRunId(newRunId)
        .setForkEventVersion(forkEventVersion)
        .build()));
  }

  /** The started task ran past its start-to-close timeout. */
  public static void timeOutStartToClose(WorkflowTransaction tx) {
    MutableState state = tx.state();
    TABLE.next(stateOf(state), Action.TIME_OUT);
    WorkflowTaskInfo task = materializedIfSpeculative(tx);
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
    if (task.getSpeculative()) {
      materializeScheduled(tx);
      task = state.workflowTask();
    }
    if (!task.getSticky() || task.getTransient()) {
      throw new IllegalTransitionException("workflow task", "non-sticky task", Action.SCHEDULE_TO_START_TIME_OUT);
    }
    tx.append(EventFactory.workflowTaskTimedOut(WorkflowTaskTimedOutEventAttributes.newBuilder()
        .setScheduledEventId(task.getScheduledEventId())
        .setTimeoutType(TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START)
        .build()));
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
          WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND, null, HISTORY_IDENTITY).build()));
    }
    state.clearWorkflowTask();
  }

  /** Writes a scheduled-but-not-started transient task's scheduled event: it becomes a normal task. */
  static void materializeScheduled(WorkflowTransaction tx) {
    MutableState state = tx.state();
    WorkflowTaskInfo task = state.workflowTask();
    long eventId = tx.append(EventFactory.workflowTaskScheduled(WorkflowTaskScheduledEventAttributes.newBuilder()
        .setTaskQueue(taskQueueOf(state.info(), task))
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
    long scheduledId = tx.append(EventFactory.workflowTaskScheduled(WorkflowTaskScheduledEventAttributes.newBuilder()
            .setTaskQueue(taskQueueOf(state.info(), task))
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

  /**
   * A speculative task that fails or times out goes to history first (scheduled and started events), as on
   * Temporal: the failure is the run's, not a rejection. Returns the task as it is now.
   */
  private static WorkflowTaskInfo materializedIfSpeculative(WorkflowTransaction tx) {
    WorkflowTaskInfo task = tx.state().workflowTask();
    if (task.getSpeculative()) {
      materializeStarted(tx, task);
    }
    return tx.state().workflowTask();
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
    return stickyFresh(info, tx.config().stickyQueueTtl(), tx.now());
  }

  /** Whether the run names a sticky queue that a completed task refreshed less than {@code ttl} (zero: no limit) ago. */
  public static boolean stickyFresh(ExecutionInfo info, Duration ttl, Instant now) {
    if (info.getStickyTaskQueue().isEmpty()) {
      return false;
    }
    Instant setAt = ProtoTime.instantOrNull(info.getStickySetTime());
    return ttl.isZero() || setAt == null || setAt.plus(ttl).isAfter(now);
  }

  /** The queue a task without events yet was dispatched to, as its scheduled event names it. */
  public static TaskQueue taskQueueOf(ExecutionInfo info, WorkflowTaskInfo task) {
    return task.getSticky()
        ? TaskQueue.newBuilder().setName(task.getTaskQueue()).setKind(TaskQueueKind.TASK_QUEUE_KIND_STICKY)
            .setNormalName(info.getTaskQueue()).build()
        : taskQueue(info, false);
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
        .setWorkflowTaskStamp(task.getSpeculativeStamp())
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
