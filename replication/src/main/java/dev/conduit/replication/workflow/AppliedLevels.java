package dev.conduit.replication.workflow;

import dev.conduit.persistence.replication.WorkflowReplicationProgress;
import dev.conduit.persistence.replication.WorkflowReplicationProgress.Direction;
import dev.conduit.persistence.replication.WorkflowReplicationProgress.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last workflow replication task applied here from each source cluster's shard, kept in memory as tasks are
 * applied and written to {@link WorkflowReplicationProgress} by {@link #flush()} (a background thread once
 * {@link #start}ed), so applying costs no extra write per task. A level never goes down: a task delivered again
 * after a restart (its offset was not committed yet) leaves the level where it was.
 *
 * <p>With several replication hosts, a source shard's tasks all travel in one partition of the topic, and Kafka gives
 * a partition to one host at a time; the host that loses a partition flushes before it lets go ({@link #flush()} from
 * the consumer's revocation), so the next host's levels are never overwritten by older ones.
 */
public final class AppliedLevels implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AppliedLevels.class);

  private record Key(String source, int shard) {}

  private final WorkflowReplicationProgress store;
  private final Clock clock;
  private final String host;
  private final Map<Key, Level> highest = new HashMap<>();
  private final Map<Key, Level> unwritten = new HashMap<>();
  private final Object flushing = new Object();
  private ScheduledExecutorService flusher;

  /** {@code host}: this replication host's identity, recorded with every level it writes. */
  public AppliedLevels(WorkflowReplicationProgress store, Clock clock, String host) {
    this.store = store;
    this.clock = clock;
    this.host = host;
    for (Level level : store.read(Direction.APPLIED)) {
      highest.put(new Key(level.remoteCluster(), level.shardId()), level);
    }
  }

  /** Task {@code taskId} of the source's {@code shard}, written there at {@code taskTime}, is applied here. */
  public synchronized void applied(String source, int shard, long taskId, Instant taskTime) {
    Key key = new Key(source, shard);
    Level current = highest.get(key);
    if (current != null && current.taskId() >= taskId) {
      return;
    }
    Level level = new Level(Direction.APPLIED, source, shard, taskId, taskTime, clock.instant(), host);
    highest.put(key, level);
    unwritten.put(key, level);
  }

  /**
   * Writes the levels that moved since the last flush; a failed write is tried again next time. Flushes run one at a
   * time, so one that returns has seen every level applied before it began written (or kept for the next).
   */
  public void flush() {
    synchronized (flushing) {
      flushNow();
    }
  }

  private void flushNow() {
    Map<Key, Level> batch;
    synchronized (this) {
      if (unwritten.isEmpty()) {
        return;
      }
      batch = new HashMap<>(unwritten);
      unwritten.clear();
    }
    for (Map.Entry<Key, Level> entry : batch.entrySet()) {
      try {
        store.record(entry.getValue());
      } catch (RuntimeException e) {
        log.warn("cannot record the applied level of shard {} of {}; retrying", entry.getKey().shard(),
            entry.getKey().source(), e);
        synchronized (this) {
          unwritten.putIfAbsent(entry.getKey(), entry.getValue());
        }
      }
    }
  }

  /** Flushes every {@code interval} on a daemon thread until closed. */
  public synchronized AppliedLevels start(Duration interval) {
    flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "replication-applied-levels");
      thread.setDaemon(true);
      return thread;
    });
    flusher.scheduleWithFixedDelay(this::flush, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  @Override
  public void close() {
    ScheduledExecutorService running;
    synchronized (this) {
      running = flusher;
      flusher = null;
    }
    if (running != null) {
      running.shutdown();
      try {
        running.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    flush();
  }
}
