package dev.conduit.matching.queue;

import dev.conduit.matching.MatchingSettings;
import dev.conduit.matching.queue.DispatchedTask.Outcome;
import dev.conduit.persistence.matching.TaskQueueId;
import dev.conduit.persistence.matching.TaskQueueLease;
import dev.conduit.persistence.matching.TaskQueueLeaseLostException;
import dev.conduit.persistence.matching.TaskQueueStore;
import dev.conduit.persistence.matching.TaskRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one task queue while holding its lease: sync match of new tasks to waiting pollers, otherwise
 * a fenced write to the durable backlog, which the reader feeds back to pollers in id order. Queries
 * for a workflow queue wait in memory only, ahead of the backlog. One
 * partition per queue for now: every add and poll of the queue goes through this one manager.
 *
 * <pre>
 *   NEW --start (lease taken)--> RUNNING --unload (idle) or lease lost--> STOPPED
 *    \-----------------------start failed or unloaded first-------------/
 * </pre>
 * A STOPPED manager refuses calls with {@link QueueUnloadedException} (or the lease loss that stopped it);
 * the caller takes a fresh manager, which takes the lease again.
 */
public final class TaskQueueManager {
  private static final Logger log = LoggerFactory.getLogger(TaskQueueManager.class);

  /** Lifecycle of a manager; moves only forward, as in the diagram above. */
  public enum State { NEW, RUNNING, STOPPED }

  /** What became of an added task. */
  public enum AddResult { SYNC_MATCHED, BACKLOG }

  private final TaskQueueId queue;
  private final TaskQueueStore store;
  private final MatchingSettings settings;
  private final ScheduledExecutorService executor;
  private final Clock clock;
  private final Consumer<TaskQueueManager> onStopped;
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
  private final Object stopLock = new Object();
  private final TaskMatcher matcher = new TaskMatcher();
  private final SyncMatch syncMatch;
  private volatile Instant lastActive;
  private volatile RuntimeException stopCause;
  private TaskWriter writer;
  private BacklogReader reader;
  private AckTracker tracker;
  private long persistedAckLevel;

  public TaskQueueManager(TaskQueueId queue, TaskQueueStore store, MatchingSettings settings, ScheduledExecutorService executor,
      Clock clock, Consumer<TaskQueueManager> onStopped) {
    this.queue = queue;
    this.store = store;
    this.settings = settings;
    this.executor = executor;
    this.clock = clock;
    this.onStopped = onStopped;
    this.lastActive = clock.instant();
    this.syncMatch = new SyncMatch(matcher, settings.syncMatchWait());
  }

  /** Takes the lease and starts reading the backlog; idempotent, and callers wait for the first one. */
  public synchronized void start() {
    if (state.get() == State.RUNNING) {
      return;
    }
    if (state.get() == State.STOPPED) {
      throw stoppedError();
    }
    TaskQueueLease lease;
    try {
      lease = store.acquireLease(queue, settings.owner());
    } catch (RuntimeException e) {
      stop(e);
      throw e;
    }
    tracker = new AckTracker(lease.ackLevel());
    persistedAckLevel = lease.ackLevel();
    reader = new BacklogReader(queue, store, tracker, matcher, () -> writer.maxWrittenId(), this::dispatchFromBacklog,
        executor, clock, settings.backlogPageSize());
    writer = new TaskWriter(lease, store, settings, reader::signal);
    try {
      reader.loadFirstPage();
    } catch (RuntimeException e) {
      log.warn("task queue {}: first backlog read failed; the reader retries in the background", queue, e);
    }
    if (!state.compareAndSet(State.NEW, State.RUNNING)) {
      throw stoppedError();
    }
    log.debug("task queue {}: lease taken with range {}, ack level {}", queue, lease.rangeId(), lease.ackLevel());
    reader.signal();
  }

  /**
   * Dispatches {@code task}: to a waiting poller when no older backlog is pending (answering only once
   * history recorded it started, or said it is stale), else to the durable backlog.
   */
  public AddResult addTask(NewTask task) {
    ensureRunning();
    lastActive = clock.instant();
    TaskRecord record = task.toRecord(lastActive);
    if (!reader.hasUnread() && !writer.hasPending() && syncMatch.tryMatch(record)) {
      return AddResult.SYNC_MATCHED;
    }
    try {
      writer.append(record);
    } catch (TaskQueueLeaseLostException e) {
      stop(e);
      throw e;
    }
    return AddResult.BACKLOG;
  }

  /**
   * Hands a query to a waiting poller, or keeps it in memory ahead of the backlog for the next poll. Never
   * persisted: when the queue unloads first, the query is dropped ({@link QueryTask#dropped()}).
   */
  public void offerQuery(QueryTask query) {
    ensureRunning();
    lastActive = clock.instant();
    matcher.offerQuery(query);
  }

  /**
   * Waits up to {@code maxWait} for a task or a query. Returns null when none came (or the poll was
   * cancelled); the caller must {@link DispatchedTask#finish finish} a returned task and
   * {@link QueryTask#deliver deliver} or {@link Dispatch#giveBack give back} a returned query.
   */
  public Dispatch poll(Duration maxWait, PollCancellation cancellation) {
    ensureRunning();
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (true) {
      lastActive = clock.instant();
      Poller poller = matcher.register();
      if (poller.isWaiting()) {
        cancellation.onCancel(poller::cancel);
      }
      reader.signal();
      Dispatch dispatch = poller.await(deadline - System.nanoTime());
      if (dispatch == null) {
        matcher.deregister(poller);
        return null;
      }
      if (dispatch instanceof DispatchedTask task && task.fromBacklog() && task.record().isExpired(clock.instant())) {
        task.finish(Outcome.STALE);
        continue;
      }
      if (dispatch instanceof QueryTask query && !query.isQueued()) {
        continue; // the query stopped waiting while it sat in this poll's slot
      }
      return dispatch;
    }
  }

  /** Persists the ack level if it moved, then deletes the tasks below it. Stops on a lost lease. */
  public synchronized void flushAckLevel() {
    if (state.get() != State.RUNNING) {
      return;
    }
    long ackLevel = tracker.ackLevel();
    if (ackLevel == persistedAckLevel) {
      return;
    }
    try {
      writer.persistAckLevel(ackLevel);
      persistedAckLevel = ackLevel;
      store.deleteTasksUpTo(queue, ackLevel);
    } catch (TaskQueueLeaseLostException e) {
      stop(e);
    }
  }

  /** No poller or query waits, nothing is being matched or written, and nobody came for {@code idleAfter}. */
  public boolean isIdle(Instant now) {
    return state.get() == State.RUNNING
        && matcher.waitingPollers() == 0
        && matcher.waitingQueries() == 0
        && syncMatch.inFlight() == 0
        && !writer.hasPending()
        && !lastActive.plus(settings.idleUnloadAfter()).isAfter(now);
  }

  /** Persists the ack level and stops; the backlog stays in Cassandra for the next manager. */
  public void unload() {
    try {
      flushAckLevel();
    } catch (RuntimeException e) {
      log.warn("task queue {}: ack level not persisted on unload; the next holder redelivers from the last one", queue, e);
    }
    stop(new QueueUnloadedException("task queue " + queue + " unloaded"));
  }

  public int waitingPollers() {
    return matcher.waitingPollers();
  }

  /** Queries no poller has taken yet. */
  public int waitingQueries() {
    return matcher.waitingQueries();
  }

  public TaskQueueId queue() {
    return queue;
  }

  public State state() {
    return state.get();
  }

  /** The in-memory ack level (-1 before the lease is taken); for tests and diagnostics. */
  public long ackLevel() {
    return tracker == null ? -1 : tracker.ackLevel();
  }

  private void dispatchFromBacklog(TaskRecord record) {
    matcher.addBacklog(backlogTask(record));
  }

  private DispatchedTask backlogTask(TaskRecord record) {
    return new DispatchedTask(record, true, outcome -> {
      switch (outcome) {
        case STARTED, STALE -> {
          tracker.ack(record.taskId());
          reader.signal();
        }
        // a fresh dispatch of the same record: each dispatch is finished exactly once
        case RETURNED, FAILED -> matcher.requeue(backlogTask(record));
        default -> throw new IllegalStateException();
      }
    });
  }

  private void ensureRunning() {
    if (state.get() == State.NEW) {
      start();
    }
    if (state.get() != State.RUNNING) {
      throw stoppedError();
    }
  }

  private void stop(RuntimeException cause) {
    synchronized (stopLock) {
      if (state.get() == State.STOPPED) {
        return;
      }
      stopCause = cause; // before the state: a caller that sees STOPPED must also see why
      state.set(State.STOPPED);
    }
    if (cause instanceof TaskQueueLeaseLostException) {
      log.warn("{}; unloading the queue", cause.getMessage());
    }
    if (reader != null) {
      reader.stop();
      writer.stop(cause);
    }
    matcher.close();
    onStopped.accept(this);
  }

  private RuntimeException stoppedError() {
    RuntimeException cause = stopCause;
    return cause instanceof TaskQueueLeaseLostException lost ? lost : new QueueUnloadedException("task queue " + queue + " unloaded");
  }
}
