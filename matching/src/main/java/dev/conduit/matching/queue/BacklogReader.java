package dev.conduit.matching.queue;

import dev.conduit.persistence.matching.TaskQueueId;
import dev.conduit.persistence.matching.TaskQueueStore;
import dev.conduit.persistence.matching.TaskRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a queue's backlog from Cassandra in id order and hands it to the matcher, a page at a time,
 * whenever fewer than a page of tasks are ready and something was written past the read level. Expired
 * tasks are acknowledged without dispatch: history's schedule-to-start timer already handles them.
 */
final class BacklogReader {
  private static final Logger log = LoggerFactory.getLogger(BacklogReader.class);
  private static final long RETRY_DELAY_MILLIS = 1_000;

  private final TaskQueueId queue;
  private final TaskQueueStore store;
  private final AckTracker tracker;
  private final TaskMatcher matcher;
  private final LongSupplier maxWrittenId;
  private final Consumer<TaskRecord> dispatch;
  private final ScheduledExecutorService executor;
  private final Clock clock;
  private final int pageSize;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean stopped;

  BacklogReader(TaskQueueId queue, TaskQueueStore store, AckTracker tracker, TaskMatcher matcher, LongSupplier maxWrittenId,
      Consumer<TaskRecord> dispatch, ScheduledExecutorService executor, Clock clock, int pageSize) {
    this.queue = queue;
    this.store = store;
    this.tracker = tracker;
    this.matcher = matcher;
    this.maxWrittenId = maxWrittenId;
    this.dispatch = dispatch;
    this.executor = executor;
    this.clock = clock;
    this.pageSize = pageSize;
  }

  /** Whether tasks were written that the reader has not loaded yet. */
  boolean hasUnread() {
    return tracker.readLevel() < maxWrittenId.getAsLong();
  }

  /** Asks for a load if one is due; at most one load per queue runs at a time. */
  void signal() {
    if (!stopped && needsLoad() && scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(this::run);
      } catch (RejectedExecutionException e) {
        scheduled.set(false); // the service is shutting down
      }
    }
  }

  /**
   * One load on the caller's thread, for a queue being loaded: until the reader has looked, tasks of
   * earlier leases may exist, {@link #hasUnread} says so, and no new task may be sync-matched past them.
   * For an empty backlog this one read is what lets the first task of a fresh queue be sync-matched.
   */
  void loadFirstPage() {
    if (!stopped && needsLoad()) {
      loadPage();
    }
  }

  void stop() {
    stopped = true;
  }

  private boolean needsLoad() {
    return matcher.readyCount() < pageSize && hasUnread();
  }

  private void run() {
    try {
      while (!stopped && needsLoad()) {
        loadPage();
      }
    } catch (RuntimeException e) {
      log.warn("task queue {}: reading the backlog failed, retrying in {} ms", queue, RETRY_DELAY_MILLIS, e);
      scheduled.set(false);
      try {
        executor.schedule(this::signal, RETRY_DELAY_MILLIS, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException shuttingDown) {
        // nothing to retry for
      }
      return;
    }
    scheduled.set(false);
    // a signal may have come after the loop's last check and been dropped because we were running
    signal();
  }

  private void loadPage() {
    long from = tracker.readLevel();
    long upTo = maxWrittenId.getAsLong();
    List<TaskRecord> page = store.readTasks(queue, from, upTo, pageSize);
    page.forEach(task -> tracker.track(task.taskId()));
    tracker.readUpTo(page.size() < pageSize ? upTo : page.get(page.size() - 1).taskId());
    Instant now = clock.instant();
    for (TaskRecord task : page) {
      if (task.isExpired(now)) {
        tracker.ack(task.taskId());
      } else {
        dispatch.accept(task);
      }
    }
  }
}
