package dev.conduit.history.workflow;

import io.temporal.api.sdk.v1.UserMetadata;
import dev.conduit.history.HistoryConfig;
import dev.conduit.history.NamespaceEntry;
import dev.conduit.history.tasks.NewTimerTask;
import dev.conduit.history.tasks.NewTransferTask;
import dev.conduit.history.tasks.TimerTaskType;
import dev.conduit.history.tasks.TransferTaskType;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.proto.persistence.v1.ChildExecutionInfo;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import dev.conduit.proto.persistence.v1.TimerTaskData;
import dev.conduit.proto.persistence.v1.TransferTaskData;
import dev.conduit.proto.persistence.v1.WorkflowTaskInfo;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One state change of one run: a working copy of the mutable state plus the events and tasks the change
 * produces, committed by the shard in one conditional write (invariant 2) or discarded as a whole.
 *
 * <p>Events take their ids here and nowhere else, and are applied to the state through
 * {@link MutableStateApplier} as they are appended. Events that arrive from outside a workflow task
 * (activity results, fired timers, signals, child and external outcomes) while a workflow task is started are buffered and get their ids
 * when that task finishes, so a worker always sees its task's started event last.
 */
public final class WorkflowTransaction {
  /** Placeholder id of an event still in the buffer (Temporal uses the same convention). */
  public static final long BUFFERED_EVENT_ID = -123;

  private final MutableStateRecord base;
  private final NamespaceEntry namespace;
  private final HistoryConfig config;
  private final Instant now;
  private MutableState state;
  private final List<HistoryEvent> events = new ArrayList<>();
  private final List<NewTransferTask> transferTasks = new ArrayList<>();
  private final List<NewTimerTask> timerTasks = new ArrayList<>();
  private boolean workflowTaskNeeded;
  private boolean speculativeTaskNeeded;
  private boolean replicated;
  private ApplyContext applyContext;
  private UserMetadata pendingUserMetadata;

  private WorkflowTransaction(MutableStateRecord base, MutableState state, NamespaceEntry namespace,
      HistoryConfig config, Instant now) {
    this.base = base;
    this.state = state;
    this.namespace = namespace;
    this.config = namespace.applyTo(config);
    this.now = now;
  }

  /** A change of an existing run, starting from its committed state. */
  public static WorkflowTransaction update(MutableStateRecord committed, NamespaceEntry namespace,
      HistoryConfig config, Instant now) {
    return new WorkflowTransaction(committed, MutableState.copyOf(committed), namespace, config, now);
  }

  /** The creation of a new run. */
  public static WorkflowTransaction create(MutableState fresh, NamespaceEntry namespace, HistoryConfig config,
      Instant now) {
    return new WorkflowTransaction(null, fresh, namespace, config, now);
  }

  /**
   * The creation of a run rebuilt from another run's events (a reset): {@code fresh}, empty on a fork of that run's
   * history, takes {@code shared} (events the fork shares with its base, already stored) and {@code carried} (events
   * of the base copied onto the fork, because the fork point had to be a batch boundary) through the apply functions.
   * Of the tasks they derive, those for work still pending at the end are kept: its activities' dispatch and
   * deadlines, its timers, its run timeout and a visibility record; the workflow task the events end with is the
   * caller's to end, so its tasks, the start delay, and deadlines counted from a schedule-to-start already spent are
   * dropped (the caller re-arms those from now).
   */
  public static WorkflowTransaction rebuilt(MutableState fresh, List<HistoryEvent> shared, List<HistoryEvent> carried,
      NamespaceEntry namespace, HistoryConfig config, Instant now) {
    WorkflowTransaction tx = new WorkflowTransaction(null, fresh, namespace, config, now);
    List<NewTransferTask> transfers = new ArrayList<>();
    List<NewTimerTask> timers = new ArrayList<>();
    ApplyContext ctx = new ApplyContext(fresh, transfers::add, timers::add, namespace.retention());
    for (HistoryEvent event : shared) {
      fresh.recordEvent(event);
      MutableStateApplier.apply(ctx, event);
    }
    for (HistoryEvent event : carried) {
      fresh.recordEvent(event);
      tx.events.add(event);
      MutableStateApplier.apply(ctx, event);
    }
    boolean visibility = false;
    for (NewTransferTask task : transfers) {
      boolean keep = switch (task.type()) {
        case ACTIVITY_TASK -> fresh.activity(task.data().getScheduledEventId()) != null;
        case VISIBILITY -> !visibility;
        case START_CHILD -> fresh.child(task.data().getInitiatedEventId()) != null;
        case SIGNAL_EXTERNAL -> fresh.externalSignal(task.data().getInitiatedEventId()) != null;
        case CANCEL_EXTERNAL -> fresh.externalCancel(task.data().getInitiatedEventId()) != null;
        case WORKFLOW_TASK, CLOSE_EXECUTION -> false;
      };
      visibility |= task.type() == TransferTaskType.VISIBILITY;
      if (keep) {
        tx.transferTasks.add(task);
      }
    }
    for (NewTimerTask task : timers) {
      boolean keep = switch (task.type()) {
        case USER_TIMER -> fresh.timer(task.data().getTimerId()) != null;
        case ACTIVITY_TIMEOUT -> fresh.activity(task.data().getEventId()) != null
            && task.data().getTimeoutType() != TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START_VALUE;
        case WORKFLOW_TIMEOUT -> true;
        case WORKFLOW_TASK_TIMEOUT, WORKFLOW_START_DELAY, ACTIVITY_RETRY, DELETE_RUN -> false;
      };
      if (keep) {
        tx.timerTasks.add(task);
      }
    }
    fresh.activities().forEach(activity -> ActivityStateMachine.restartScheduleToStart(tx, activity));
    return tx;
  }

  /**
   * A change made of events another cluster wrote (the namespace is active there): see
   * {@link #applyReplicated}. Such a change makes no replication tasks of its own.
   */
  public static WorkflowTransaction replicated(MutableStateRecord committed, MutableState state,
      NamespaceEntry namespace, HistoryConfig config, Instant now) {
    WorkflowTransaction tx = new WorkflowTransaction(committed, state, namespace, config, now);
    tx.replicated = true;
    return tx;
  }

  public boolean isReplicated() {
    return replicated;
  }

  /**
   * Appends an event as another cluster wrote it (id, time and version kept) and applies it through the
   * same function the active side used: the state and the tasks come out as they did there.
   */
  public void applyReplicated(HistoryEvent event) {
    if (!replicated) {
      throw new IllegalStateException("applyReplicated on a change of this cluster's own");
    }
    state.recordEvent(event);
    events.add(event);
    MutableStateApplier.apply(applyContext(), event);
  }

  public MutableState state() {
    return state;
  }

  /** The committed state this change started from; null for a new run. */
  public MutableStateRecord base() {
    return base;
  }

  /** The apply context over the working state; tasks derived from events go to this change. */
  private ApplyContext applyContext() {
    if (applyContext == null || applyContext.state() != state) {
      applyContext = new ApplyContext(state, transferTasks::add, timerTasks::add, namespace.retention());
    }
    return applyContext;
  }

  public Instant now() {
    return now;
  }

  public NamespaceEntry namespace() {
    return namespace;
  }

  public HistoryConfig config() {
    return config;
  }

  /** The failover version every event of this change carries. */
  public long version() {
    return namespace.failoverVersion();
  }

  public boolean isNewRun() {
    return base == null;
  }

  /**
   * Appends an event produced by this change itself (a command, a workflow task transition, a close): it
   * gets its id, time and version, and then its apply function changes the state and derives the tasks.
   */
  public HistoryEvent append(HistoryEvent.Builder event) {
    HistoryEvent written = write(event);
    MutableStateApplier.apply(applyContext(), written);
    return written;
  }

  /** Gives an event its id and adds it to this change, without applying it. */
  private HistoryEvent write(HistoryEvent.Builder event) {
    WorkflowTaskInfo task = state.workflowTask();
    if (task != null && task.getTransient() && !isWorkflowTaskEvent(event.getEventType())) {
      if (task.getStartedEventId() != 0) {
        throw new IllegalStateException("event " + event.getEventType() + " while a transient workflow task runs");
      }
      // New events make a retried task worth a fresh start: its scheduled event goes to history now.
      WorkflowTaskStateMachine.materializeScheduled(this);
    }
    stamp(event);
    HistoryEvent written = state.assignEventId(event);
    events.add(written);
    return written;
  }

  /**
   * Appends an event that arrived from outside any workflow task, and asks for a workflow task to
   * process it. Returns the event id, or {@link #BUFFERED_EVENT_ID} when buffered. A buffered event is
   * applied now (a completed activity leaves the pending ones at once) and gets its id at flush.
   */
  public long appendExternal(HistoryEvent.Builder event) {
    workflowTaskNeeded = true;
    WorkflowTaskInfo task = state.workflowTask();
    if (task != null && task.getStartedEventId() != 0) {
      stamp(event);
      event.setEventId(BUFFERED_EVENT_ID);
      HistoryEvent buffered = event.build();
      MutableStateApplier.apply(applyContext(), buffered);
      state.addBufferedEvent(buffered);
      return BUFFERED_EVENT_ID;
    }
    return append(event).getEventId();
  }

  /**
   * Gives the buffered events their ids, in arrival order, and appends them. Close events that name a
   * buffered started event are pointed at its new id.
   */
  public void flushBufferedEvents() {
    List<HistoryEvent> buffered = state.bufferedEvents();
    state.setBufferedEvents(List.of());
    // Activities by scheduled event id, children by initiated event id: both are event ids of this run.
    Map<Long, Long> startedIdByScheduledId = new HashMap<>();
    for (HistoryEvent event : buffered) {
      HistoryEvent.Builder builder = event.toBuilder();
      fixBufferedReference(builder, startedIdByScheduledId);
      HistoryEvent written = write(builder);
      if (written.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
        startedIdByScheduledId.put(written.getActivityTaskStartedEventAttributes().getScheduledEventId(),
            written.getEventId());
      } else if (written.getEventType() == EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED) {
        long initiated = written.getChildWorkflowExecutionStartedEventAttributes().getInitiatedEventId();
        startedIdByScheduledId.put(initiated, written.getEventId());
        ChildExecutionInfo child = state.child(initiated);
        if (child != null) {
          state.putChild(child.toBuilder().setStartedEventId(written.getEventId()).build());
        }
      }
    }
  }

  /** Drops the buffered TimerFired event of {@code timerId}; true if there was one. */
  public boolean removeBufferedTimerFired(String timerId) {
    List<HistoryEvent> buffered = new ArrayList<>(state.bufferedEvents());
    boolean removed = buffered.removeIf(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_FIRED
        && e.getTimerFiredEventAttributes().getTimerId().equals(timerId));
    if (removed) {
      state.setBufferedEvents(buffered);
    }
    return removed;
  }

  /**
   * A task for state no event carries (an activity attempt, a transient workflow task); tasks that events
   * need are derived by the apply functions and carry the event's version.
   */
  public void addTransferTask(TransferTaskType type, TransferTaskData data) {
    transferTasks.add(new NewTransferTask(type, data.toBuilder().setVersion(version()).build()));
  }

  public void addTimerTask(TimerTaskType type, Instant fireTime, TimerTaskData data) {
    addTimerTask(type, fireTime, data, version());
  }

  /**
   * A timer for something that keeps the version it was made under (a pending activity's deadline re-armed
   * after a failover, or taken over from another cluster): the task must carry that version to act.
   */
  public void addTimerTask(TimerTaskType type, Instant fireTime, TimerTaskData data, long version) {
    timerTasks.add(new NewTimerTask(type, ProtoTime.ceilMillis(fireTime), data.toBuilder().setVersion(version).build()));
  }

  /** Discards everything this transaction did and starts over from the committed state. */
  public void reset() {
    if (base == null) {
      throw new IllegalStateException("a new run's transaction cannot be reset");
    }
    state = MutableState.copyOf(base);
    events.clear();
    transferTasks.clear();
    timerTasks.clear();
    workflowTaskNeeded = false;
    speculativeTaskNeeded = false;
  }

  /**
   * Asks for a workflow task without an event (an admitted Workflow Update travels as a message of the next
   * task): one is scheduled when the change finishes, unless the run has one.
   */
  public void requestWorkflowTask() {
    workflowTaskNeeded = true;
  }

  /**
   * Asks for a speculative workflow task to carry admitted Workflow Updates: one is scheduled when the change
   * finishes unless the run has a task or something else asked for a normal one.
   */
  public void requestSpeculativeWorkflowTask() {
    speculativeTaskNeeded = true;
  }

  /**
   * Completes the change before it is written: a run with new external events gets a workflow task.
   * Returns whether there is anything to write at all.
   */
  public boolean finish() {
    if ((workflowTaskNeeded || speculativeTaskNeeded) && state.isRunning() && state.workflowTask() == null
        && !inFirstTaskBackoff()) {
      if (workflowTaskNeeded) {
        WorkflowTaskStateMachine.schedule(this, 1);
      } else {
        WorkflowTaskStateMachine.scheduleSpeculative(this);
      }
    }
    workflowTaskNeeded = false;
    speculativeTaskNeeded = false;
    boolean changed = hasChanges();
    if (changed) {
      state.incrementStateTransitions();
    }
    return changed;
  }

  /**
   * The run waits out a start delay or backoff before its first workflow task; events arriving
   * meanwhile wait for that task, which the backoff timer schedules.
   */
  private boolean inFirstTaskBackoff() {
    Instant executionTime = ProtoTime.instantOrNull(state.info().getExecutionTime());
    return state.lastCompletedWorkflowTaskStartedEventId() == 0 && executionTime != null
        && executionTime.isAfter(now);
  }

  public boolean hasChanges() {
    return base == null || !events.isEmpty() || !transferTasks.isEmpty() || !timerTasks.isEmpty()
        || !state.snapshot().equals(base);
  }

  public List<HistoryEvent> events() {
    return List.copyOf(events);
  }

  public List<NewTransferTask> transferTasks() {
    return List.copyOf(transferTasks);
  }

  public List<NewTimerTask> timerTasks() {
    return List.copyOf(timerTasks);
  }

  private void stamp(HistoryEvent.Builder event) {
    if (!event.hasEventTime()) {
      event.setEventTime(ProtoTime.timestamp(now));
    }
    event.setVersion(version());
    if (pendingUserMetadata != null && !isWorkflowTaskEvent(event.getEventType())) {
      event.setUserMetadata(pendingUserMetadata);
      pendingUserMetadata = null;
    }
  }

  /**
   * The user metadata (summary, details) of the command being handled: the first event it makes carries it,
   * as on Temporal (a timer's StartTimer event, a side effect's marker, ...). Empty metadata clears it.
   */
  public void userMetadataForNextEvent(UserMetadata metadata) {
    pendingUserMetadata = metadata.equals(UserMetadata.getDefaultInstance()) ? null : metadata;
  }

  private static boolean isWorkflowTaskEvent(EventType type) {
    return type == EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED || type == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED;
  }

  private static void fixBufferedReference(HistoryEvent.Builder event, Map<Long, Long> startedIds) {
    switch (event.getEventType()) {
      case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
        var a = event.getActivityTaskCompletedEventAttributesBuilder();
        a.setStartedEventId(resolve(a.getStartedEventId(), a.getScheduledEventId(), startedIds));
      }
      case EVENT_TYPE_ACTIVITY_TASK_FAILED -> {
        var a = event.getActivityTaskFailedEventAttributesBuilder();
        a.setStartedEventId(resolve(a.getStartedEventId(), a.getScheduledEventId(), startedIds));
      }
      case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT -> {
        var a = event.getActivityTaskTimedOutEventAttributesBuilder();
        a.setStartedEventId(resolve(a.getStartedEventId(), a.getScheduledEventId(), startedIds));
      }
      case EVENT_TYPE_ACTIVITY_TASK_CANCELED -> {
        var a = event.getActivityTaskCanceledEventAttributesBuilder();
        a.setStartedEventId(resolve(a.getStartedEventId(), a.getScheduledEventId(), startedIds));
      }
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED -> {
        var a = event.getChildWorkflowExecutionCompletedEventAttributesBuilder();
        a.setStartedEventId(resolve(a.getStartedEventId(), a.getInitiatedEventId(), startedIds));
      }
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED -> {
        var a = event.getChildWorkflowExecutionFailedEventAttributesBuilder();
        a.setStartedEventId(resolve(a.getStartedEventId(), a.getInitiatedEventId(), startedIds));
      }
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED -> {
        var a = event.getChildWorkflowExecutionCanceledEventAttributesBuilder();
        a.setStartedEventId(resolve(a.getStartedEventId(), a.getInitiatedEventId(), startedIds));
      }
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT -> {
        var a = event.getChildWorkflowExecutionTimedOutEventAttributesBuilder();
        a.setStartedEventId(resolve(a.getStartedEventId(), a.getInitiatedEventId(), startedIds));
      }
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED -> {
        var a = event.getChildWorkflowExecutionTerminatedEventAttributesBuilder();
        a.setStartedEventId(resolve(a.getStartedEventId(), a.getInitiatedEventId(), startedIds));
      }
      default -> { }
    }
  }

  private static long resolve(long startedEventId, long scheduledEventId, Map<Long, Long> startedIds) {
    if (startedEventId != BUFFERED_EVENT_ID) {
      return startedEventId;
    }
    Long resolved = startedIds.get(scheduledEventId);
    if (resolved == null) {
      throw new IllegalStateException("buffered close event of " + scheduledEventId + " has no started event");
    }
    return resolved;
  }
}
