package dev.conduit.history.queues;

import dev.conduit.history.HistoryConfig;
import dev.conduit.history.errors.ShardNotOwnedException;
import dev.conduit.history.errors.StandbyTaskPendingException;
import dev.conduit.history.errors.TaskDependencyPendingException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.tasks.TimerTaskExecutor;
import dev.conduit.persistence.execution.ShardOwnershipLostException;
import dev.conduit.persistence.execution.TimerTaskRecord;
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

  /** Orders timers as the store does: by fire time, then task id. */
  record TimerKey(Instant fireTime, long taskId) {}

  private static final Comparator<TimerKey> ORDER =
      Comparator.comparing(TimerKey::fireTime).thenComparingLong(TimerKey::taskId);

  private final ShardContext shard;
  private final TimerTaskExecutor executor = new TimerTaskExecutor();
  private final TreeMap<TimerKey, PendingTask<TimerTaskRecord>> pending = new TreeMap<>(ORDER);
  private Instant readCursor;
  private Instant ackLevel;

  public TimerQueueProcessor(ShardContext shard, ScheduledExecutorService pool, Instant ackLevel) {
    super(pool, shard.clock());
    this.shard = shard;
    this.readCursor = ackLevel;
    this.ackLevel = ackLevel;
  }

  /** Every timer due before this is done. */
  public synchronized Instant ackLevel() {
    return ackLevel;
  }

  public synchronized int pendingCount() {
    return pending.size();
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
      ackLevel = pending.isEmpty() ? readCursor : pending.firstKey().fireTime();
      shard.updateAckLevels(null, ackLevel, false);
      log.debug("timer pass shard {} now {} bound {} cursor {} pending {} next {}", shard.shardId(), now, bound,
          readCursor, pending.size(), earliest(earliest(nextRetry, nextDue()), now.plus(config.queueMaxPollInterval())));
      return earliest(earliest(nextRetry, nextDue()), now.plus(config.queueMaxPollInterval()));
    } catch (ShardOwnershipLostException e) {
      throw shard.lost(e);
    }
  }

  private void load(HistoryConfig config, Instant bound) {
    while (pending.size() < config.maxPendingQueueTasks() && readCursor.isBefore(bound)) {
      List<TimerTaskRecord> batch = shard.store().getTimerTasks(shard.shardId(), readCursor, bound,
          config.queueBatchSize());
      int added = 0;
      for (TimerTaskRecord record : batch) {
        if (pending.putIfAbsent(new TimerKey(record.fireTime(), record.taskId()), new PendingTask<>(record)) == null) {
          added++;
        }
      }
      if (batch.size() < config.queueBatchSize()) {
        readCursor = bound;
      } else {
        readCursor = batch.get(batch.size() - 1).fireTime();
        if (added == 0) {
          // A full page of timers at one instant, all loaded: finish those before reading on.
          return;
        }
      }
    }
  }

  private Instant nextDue() {
    List<TimerTaskRecord> next = shard.store().getTimerTasks(shard.shardId(), readCursor,
        readCursor.plus(shard.config().queueMaxPollInterval()), 1);
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
