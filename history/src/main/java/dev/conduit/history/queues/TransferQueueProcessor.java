package dev.conduit.history.queues;

import dev.conduit.history.HistoryConfig;
import dev.conduit.history.errors.ShardNotOwnedException;
import dev.conduit.history.errors.StandbyTaskPendingException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.tasks.TransferTaskExecutor;
import dev.conduit.history.tasks.TransferTaskType;
import dev.conduit.persistence.execution.ShardOwnershipLostException;
import dev.conduit.persistence.execution.TransferTaskRecord;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shard's transfer queue: reads transfer tasks above the ack level (never past a task still being
 * written; what this host's writes committed is handed over in memory, {@link TransferTaskHandoff}, and the store is
 * read where the hand-off cannot answer), runs each through its handler, and retries failures with backoff. Done
 * tasks are deleted by range once the ack level above them is persisted ({@link ShardContext#updateAckLevels}); until
 * then a new owner of the shard runs them again, which their handlers allow.
 * Tasks run side by side on the pool (a handler waits on matching or another shard, so running them one
 * after the other would make the whole shard wait on each); the ack level never passes a task still
 * running. Delivery is at least once; handlers check the run's state, so a redelivered task does nothing.
 *
 * <p>Visibility tasks wait on Kafka, not on the workflow: while Kafka is down they all fail and wait for their
 * retry. They count against their own cap ({@link #VISIBILITY_CAP_FACTOR} times the queue's), so that a Kafka outage
 * does not stop the queue from reading the tasks that move workflows on; only a very long one does.
 */
public final class TransferQueueProcessor extends QueueProcessor {
  private static final Logger log = LoggerFactory.getLogger(TransferQueueProcessor.class);

  private final ShardContext shard;
  private final TransferTaskExecutor executor = new TransferTaskExecutor();
  private final TransferTaskHandoff handoff;
  static final int VISIBILITY_CAP_FACTOR = 10;

  private final TreeMap<Long, PendingTask<TransferTaskRecord>> pending = new TreeMap<>();
  private int pendingVisibility;
  private long readLevel;
  private long ackLevel;
  /** Written at the end of each pass, read without the lock: a describe does not wait for a pass. */
  private volatile State state;

  /** Where the queue stood after a pass: its ack level and the tasks read and not done. */
  public record State(long ackLevel, int pending) {}

  /**
   * @param handoff the tasks this host's writes committed, taken instead of reading them back from the store where it
   *     can answer
   */
  public TransferQueueProcessor(ShardContext shard, ScheduledExecutorService pool, long ackLevel,
      TransferTaskHandoff handoff) {
    super(pool, shard.clock());
    this.shard = shard;
    this.handoff = handoff;
    this.readLevel = ackLevel;
    this.ackLevel = ackLevel;
    this.state = new State(ackLevel, 0);
  }

  /** Every task with an id up to this is done. */
  public synchronized long ackLevel() {
    return ackLevel;
  }

  public synchronized int pendingCount() {
    return pending.size();
  }

  /** What the last pass left (before the first pass: the ack level it starts from). */
  public State state() {
    return state;
  }

  @Override
  public synchronized Instant processOnce() {
    if (isStopped() || !shard.isOwned()) {
      return null;
    }
    HistoryConfig config = shard.config();
    try {
      load(config);
      Instant now = clock.instant();
      Instant nextRetry = null;
      Iterator<Map.Entry<Long, PendingTask<TransferTaskRecord>>> it = pending.entrySet().iterator();
      while (it.hasNext() && shard.isOwned()) {
        PendingTask<TransferTaskRecord> task = it.next().getValue();
        if (task.running) {
          continue;
        }
        if (task.retryAt.isAfter(now)) {
          nextRetry = earliest(nextRetry, task.retryAt);
          continue;
        }
        task.running = true;
        if (!runAside(() -> runAndSettle(task, config))) {
          task.running = false;
          if (runTask(task, config, now)) {
            it.remove();
            settled(task);
          } else {
            nextRetry = earliest(nextRetry, task.retryAt);
          }
        }
      }
      ackLevel = pending.isEmpty() ? readLevel : pending.firstKey() - 1;
      shard.updateAckLevels(ackLevel, null, false);
      state = new State(ackLevel, pending.size());
      log.debug("transfer pass of shard {}: read level {}, ack level {}, {} pending", shard.shardId(), readLevel, ackLevel,
          pending.size());
      Instant backstop = now.plus(config.queueMaxPollInterval());
      return nextRetry != null && nextRetry.isBefore(backstop) ? nextRetry : backstop;
    } catch (ShardOwnershipLostException e) {
      throw shard.lost(e);
    }
  }

  private void load(HistoryConfig config) {
    long maxReadLevel = shard.transferMaxReadLevel();
    int cap = config.maxPendingQueueTasks();
    while (pending.size() - pendingVisibility < cap && pendingVisibility < VISIBILITY_CAP_FACTOR * cap
        && readLevel < maxReadLevel) {
      List<TransferTaskRecord> batch = handoff.take(readLevel, maxReadLevel, config.queueBatchSize());
      if (batch == null) {
        batch = shard.store().getTransferTasks(shard.shardId(), readLevel, maxReadLevel, config.queueBatchSize());
      }
      for (TransferTaskRecord record : batch) {
        if (pending.putIfAbsent(record.taskId(), new PendingTask<>(record)) == null && isVisibility(record)) {
          pendingVisibility++;
        }
      }
      readLevel = batch.size() < config.queueBatchSize() ? maxReadLevel : batch.get(batch.size() - 1).taskId();
    }
  }

  /** Runs one task on a pool thread, then settles it under the queue's lock and asks for a pass. */
  private void runAndSettle(PendingTask<TransferTaskRecord> task, HistoryConfig config) {
    boolean done;
    try {
      done = runTask(task, config, clock.instant());
    } catch (ShardNotOwnedException | ShardOwnershipLostException e) {
      synchronized (this) {
        task.running = false;
      }
      if (e instanceof ShardOwnershipLostException lost) {
        shard.lost(lost);
      }
      return;
    } catch (RuntimeException | Error e) {
      // runTask handles a task's own failures; this is anything else: the task must not stay "running" for good
      Instant retryAt;
      synchronized (this) {
        task.running = false;
        task.attempts++;
        task.retryAt = clock.instant().plus(backoff(config.taskRetryInitialBackoff(), config.taskRetryMaxBackoff(),
            task.attempts));
        retryAt = task.retryAt;
      }
      log.error("transfer task {} of shard {} failed (attempt {}), retry at {}", task.record.taskId(), shard.shardId(),
          task.attempts, retryAt, e);
      wakeAt(retryAt);
      return;
    }
    Instant retryAt;
    synchronized (this) {
      task.running = false;
      if (done && pending.remove(task.record.taskId()) != null) {
        settled(task);
      }
      retryAt = task.retryAt;
    }
    if (done) {
      signal(); // the ack level may move, and the next tasks may be read
    } else {
      wakeAt(retryAt);
    }
  }

  /** Runs one task; true when it is done (and deleted). */
  private boolean runTask(PendingTask<TransferTaskRecord> task, HistoryConfig config, Instant now) {
    try {
      log.debug("transfer task {} of shard {}", task.record.taskId(), shard.shardId());
      executor.execute(shard, task.record);
      return true;
    } catch (ShardNotOwnedException | ShardOwnershipLostException e) {
      throw e;
    } catch (StandbyTaskPendingException e) {
      standbyTaskWaits(shard, task, task.record.workflow(), e, now);
      return false;
    } catch (RuntimeException e) {
      task.attempts++;
      task.retryAt = now.plus(backoff(config.taskRetryInitialBackoff(), config.taskRetryMaxBackoff(), task.attempts));
      log.warn("transfer task {} of shard {} failed (attempt {}), retry at {}", task.record.taskId(),
          shard.shardId(), task.attempts, task.retryAt, e);
      return false;
    }
  }

  private void settled(PendingTask<TransferTaskRecord> task) {
    if (isVisibility(task.record)) {
      pendingVisibility--;
    }
  }

  private static boolean isVisibility(TransferTaskRecord record) {
    return record.type() == TransferTaskType.VISIBILITY.code();
  }

  private static Instant earliest(Instant a, Instant b) {
    return a == null || b.isBefore(a) ? b : a;
  }

  @Override
  public String toString() {
    return "transfer queue of shard " + shard.shardId();
  }
}
