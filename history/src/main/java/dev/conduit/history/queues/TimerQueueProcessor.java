package dev.conduit.history.queues;

import dev.conduit.history.HistoryConfig;
import dev.conduit.history.errors.ShardNotOwnedException;
import dev.conduit.history.errors.StandbyTaskPendingException;
import dev.conduit.history.errors.TaskDependencyPendingException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.tasks.TimerTaskExecutor;
import dev.conduit.persistence.execution.ShardOwnershipLostException;
import dev.conduit.persistence.execution.TimerTaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shard's timer queue: loads timers that are due, runs them, and sleeps until the next one is due; writing a
 * timer due earlier wakes it ({@link #notifyNewTimer}). Done timers are deleted by range once the ack level they are
 * below is persisted ({@link ShardContext#updateAckLevels}).
 * Time comes from the shard's clock, so tests move a fake clock and call {@link #processOnce}.
 */
public final class TimerQueueProcessor extends QueueProcessor {
  private static final Logger log = LoggerFactory.getLogger(TimerQueueProcessor.class);
  /** A pass whose ack level is further behind than this warns (at most once per this interval). */
  static final Duration LAG_WARNING = Duration.ofMinutes(1);

  /**
   * Where the queue stood after a pass: when it ran, its ack level, the due timers read and not done, and the oldest
   * of them with its failed attempts ({@code null} when none).
   */
  public record State(Instant passTime, Instant ackLevel, int pending, TimerTaskRecord oldest, int oldestAttempts) {
    /** How far the ack level was behind the pass: how long the oldest timer not done has been due. */
    public Duration lag() {
      if (passTime == null || !ackLevel.isBefore(passTime)) {
        return Duration.ZERO;
      }
      return Duration.between(ackLevel, passTime);
    }
  }

  /** Orders timers as the store does: by fire time, then task id. */
  record TimerKey(Instant fireTime, long taskId) {}

  private static final Comparator<TimerKey> ORDER =
      Comparator.comparing(TimerKey::fireTime).thenComparingLong(TimerKey::taskId);

  private final ShardContext shard;
  private final TimerTaskExecutor executor = new TimerTaskExecutor();
  private final TreeMap<TimerKey, PendingTask<TimerTaskRecord>> pending = new TreeMap<>(ORDER);
  /** Every timer up to this key (by {@link #ORDER}) was loaded; the next read starts after it. */
  private TimerKey readCursor;
  private Instant ackLevel;
  /** Written at the end of each pass, read without the lock: a describe does not wait for a pass running timers. */
  private volatile State state;
  private Instant lastLagWarning;

  public TimerQueueProcessor(ShardContext shard, ScheduledExecutorService pool, Instant ackLevel) {
    super(pool, shard.clock());
    this.shard = shard;
    this.readCursor = before(ackLevel);
    this.ackLevel = ackLevel;
    this.state = new State(null, ackLevel, 0, null, 0);
  }

  /** The key just before every timer due at or after {@code time}. */
  private static TimerKey before(Instant time) {
    return new TimerKey(time, Long.MIN_VALUE);
  }

  /** Every timer due before this is done. */
  public synchronized Instant ackLevel() {
    return ackLevel;
  }

  public synchronized int pendingCount() {
    return pending.size();
  }

  /** What the last pass left (before the first pass: the ack level it starts from, and no pass time). */
  public State state() {
    return state;
  }

  /** A timer due at {@code fireTime} was committed. */
  public void notifyNewTimer(Instant fireTime) {
    if (fireTime.isAfter(clock.instant())) {
      wakeAt(fireTime);
    } else {
      signal();
    }
  }

  @Override
  public synchronized Instant processOnce() {
    if (isStopped() || !shard.isOwned()) {
      return null;
    }
    HistoryConfig config = shard.config();
    try {
      Instant now = clock.instant();
      Instant bound = shard.timerReadBound(now);
      load(config, bound);
      Instant nextRetry = null;
      Iterator<Map.Entry<TimerKey, PendingTask<TimerTaskRecord>>> it = pending.entrySet().iterator();
      while (it.hasNext() && shard.isOwned()) {
        PendingTask<TimerTaskRecord> task = it.next().getValue();
        if (task.retryAt.isAfter(now)) {
          nextRetry = earliest(nextRetry, task.retryAt);
          continue;
        }
        if (runTask(task, config, now)) {
          it.remove();
        } else {
          nextRetry = earliest(nextRetry, task.retryAt);
        }
      }
      ackLevel = pending.isEmpty() ? readCursor.fireTime() : pending.firstKey().fireTime();
      shard.updateAckLevels(null, ackLevel, false);
      recordState(now);
      Instant next = earliest(earliest(nextRetry, nextDue()), now.plus(config.queueMaxPollInterval()));
      log.debug("timer pass shard {} now {} bound {} cursor {} pending {} next {}", shard.shardId(), now, bound,
          readCursor, pending.size(), next);
      return next;
    } catch (ShardOwnershipLostException e) {
      throw shard.lost(e);
    }
  }

  private void recordState(Instant now) {
    PendingTask<TimerTaskRecord> oldest = pending.isEmpty() ? null : pending.firstEntry().getValue();
    State passed = oldest == null ? new State(now, ackLevel, 0, null, 0)
        : new State(now, ackLevel, pending.size(), oldest.record, oldest.attempts);
    state = passed;
    if (passed.lag().compareTo(LAG_WARNING) > 0
        && (lastLagWarning == null || !now.isBefore(lastLagWarning.plus(LAG_WARNING)))) {
      lastLagWarning = now;
      log.warn("timer queue of shard {} is {} s behind: timers due since {} are not done ({} pending{})",
          shard.shardId(), passed.lag().toSeconds(), ackLevel, passed.pending(), oldest == null ? ""
              : "; the oldest, of workflow " + oldest.record.workflow() + ", failed " + oldest.attempts + " times");
    }
  }

  /**
   * Reads the timers due before {@code bound} that are not loaded yet, page by page, each page after the key of the
   * last timer read (so a page of timers all due at one instant is read past, not again). Every timer below the bound
   * is committed: new ones are never allocated before it ({@link ShardContext#timerReadBound}).
   */
  private void load(HistoryConfig config, Instant bound) {
    while (pending.size() < config.maxPendingQueueTasks() && readCursor.fireTime().isBefore(bound)) {
      List<TimerTaskRecord> batch = shard.store().getTimerTasks(shard.shardId(), readCursor.fireTime(),
          readCursor.taskId(), bound, config.queueBatchSize());
      for (TimerTaskRecord record : batch) {
        TimerKey key = new TimerKey(record.fireTime(), record.taskId());
        pending.putIfAbsent(key, new PendingTask<>(record));
        readCursor = key;
      }
      if (batch.size() < config.queueBatchSize()) {
        readCursor = before(bound);
      }
    }
  }

  private Instant nextDue() {
    List<TimerTaskRecord> next = shard.store().getTimerTasks(shard.shardId(), readCursor.fireTime(),
        readCursor.taskId(), readCursor.fireTime().plus(shard.config().queueMaxPollInterval()), 1);
    return next.isEmpty() ? null : next.get(0).fireTime();
  }

  private boolean runTask(PendingTask<TimerTaskRecord> task, HistoryConfig config, Instant now) {
    try {
      log.debug("timer task {} of shard {} due {}", task.record.taskId(), shard.shardId(), task.record.fireTime());
      executor.execute(shard, task.record);
      return true;
    } catch (ShardNotOwnedException | ShardOwnershipLostException e) {
      throw e;
    } catch (StandbyTaskPendingException e) {
      standbyTaskWaits(shard, task, task.record.workflow(), e, now);
      return false;
    } catch (TaskDependencyPendingException e) {
      task.attempts++;
      task.retryAt = now.plus(backoff(config.taskRetryInitialBackoff(), config.taskRetryMaxBackoff(), task.attempts));
      log.debug("timer task {} of shard {} waits (attempt {}): {}", task.record.taskId(), shard.shardId(), task.attempts,
          e.getMessage());
      return false;
    } catch (RuntimeException e) {
      task.attempts++;
      task.retryAt = now.plus(backoff(config.taskRetryInitialBackoff(), config.taskRetryMaxBackoff(), task.attempts));
      log.warn("timer task {} of shard {} failed (attempt {}), retry at {}", task.record.taskId(), shard.shardId(),
          task.attempts, task.retryAt, e);
      return false;
    }
  }

  private static Instant earliest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }

  @Override
  public String toString() {
    return "timer queue of shard " + shard.shardId();
  }
}
