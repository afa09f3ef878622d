package dev.conduit.history.queues;

import dev.conduit.history.errors.StandbyTaskPendingException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.persistence.execution.WorkflowKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one queue of one shard on a shared thread pool: a pass runs when signalled (a new task was
 * written) or when the pass itself asked to be woken (a retry or a timer comes due). Passes of one
 * queue never overlap. Without a pool nothing runs by itself and tests call {@link #processOnce}.
 */
public abstract class QueueProcessor {
  private static final Logger log = LoggerFactory.getLogger(QueueProcessor.class);

  /** How often a task of a namespace active in another cluster looks again whether it may run here. */
  protected static final Duration STANDBY_RECHECK = Duration.ofSeconds(1);

  private final ScheduledExecutorService pool;
  protected final Clock clock;
  private final AtomicBoolean queued = new AtomicBoolean();
  // Wake-up bookkeeping has its own lock: stop() may be called while a pass holds the processor.
  private final Object wakeLock = new Object();
  private volatile boolean stopped;
  private Wake wake;

  protected QueueProcessor(ScheduledExecutorService pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  public void start() {
    signal();
  }

  public void stop() {
    stopped = true;
    synchronized (wakeLock) {
      if (wake != null) {
        wake.future.cancel(false);
      }
    }
  }

  public boolean isStopped() {
    return stopped;
  }

  /**
   * Runs {@code work} on the pool, apart from the pass; false when there is no pool (tests drive the
   * queue by hand) or the queue stopped, and the caller runs it inline instead. The work handles its own failures:
   * the pool would keep an escaped exception to itself, so one is only logged here, and a pass follows in a second.
   */
  protected boolean runAside(Runnable work) {
    if (stopped || pool == null) {
      return false;
    }
    pool.execute(() -> {
      try {
        work.run();
      } catch (RuntimeException | Error e) {
        log.error("work of {} failed outside its pass; a pass follows in a second", this, e);
        wakeAt(clock.instant().plusSeconds(1));
      }
    });
    return true;
  }

  /**
   * A task of a namespace active in another cluster waits for that cluster's events: it looks again after
   * {@link #STANDBY_RECHECK}, and the shard hears how long it has waited (past the resend delay the shard reads the
   * run from the active cluster). Whatever that read does, the task stays in the queue and is looked at again.
   */
  static void standbyTaskWaits(ShardContext shard, PendingTask<?> task, WorkflowKey workflow,
      StandbyTaskPendingException pending, Instant now) {
    task.retryAt = now.plus(STANDBY_RECHECK);
    if (pending.activeCluster().isEmpty()) {
      return;
    }
    task.waitingSince = task.waitingSince == null ? now : task.waitingSince;
    try {
      shard.standbyTaskWaiting(workflow, pending.activeCluster().get(), task.waitingSince);
    } catch (RuntimeException e) {
      log.warn("standby task of workflow {} in shard {}: the shard could not look at how long it waited; "
          + "looking again at {}", workflow, shard.shardId(), task.retryAt, e);
    }
  }

  /** Asks for a pass as soon as possible. */
  public void signal() {
    if (stopped || pool == null) {
      return;
    }
    if (queued.compareAndSet(false, true)) {
      pool.execute(this::run);
    }
  }

  /** Asks for a pass at {@code time} unless one is due earlier anyway. */
  protected void wakeAt(Instant time) {
    if (stopped || pool == null) {
      return;
    }
    synchronized (wakeLock) {
      scheduleWake(time);
    }
  }

  private void scheduleWake(Instant time) {
    // Only a wake-up that has not begun covers a later time: one that has begun may be past its signal already (the
    // pass it started may be the very one asking now, while that wake-up's thread has not finished), and a scheduler
    // may run it a little early.
    if (wake != null && !wake.begun && !wake.future.isDone() && !wake.at.isAfter(time)) {
      return;
    }
    if (wake != null) {
      wake.future.cancel(false);
    }
    long delayNanos = Math.max(0, Duration.between(clock.instant(), time).toNanos());
    Wake next = new Wake(time);
    next.future = pool.schedule(next, delayNanos, TimeUnit.NANOSECONDS);
    wake = next;
  }

  /** One scheduled wake-up: it signals for a pass at its time, and says so before it does. */
  private final class Wake implements Runnable {
    private final Instant at;
    private volatile boolean begun;
    private ScheduledFuture<?> future;

    private Wake(Instant at) {
      this.at = at;
    }

    @Override
    public void run() {
      begun = true;
      signal();
    }
  }

  private void run() {
    queued.set(false);
    if (stopped) {
      return;
    }
    try {
      Instant next = processOnce();
      if (next != null) {
        wakeAt(next);
      }
    } catch (RuntimeException | Error e) {
      log.warn("queue pass of {} failed; retrying in a second", this, e);
      wakeAt(clock.instant().plusSeconds(1));
    }
  }

  /** One pass: read what is new, run what is due. Returns when the next pass is due, or null. */
  public abstract Instant processOnce();

  /** Exponential backoff for the {@code attempts}-th failure of a task. */
  protected static Duration backoff(Duration initial, Duration max, int attempts) {
    long millis = initial.toMillis() << Math.min(20, Math.max(0, attempts - 1));
    return Duration.ofMillis(Math.min(millis, max.toMillis()));
  }
}
