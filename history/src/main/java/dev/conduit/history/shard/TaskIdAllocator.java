package dev.conduit.history.shard;

import dev.conduit.history.util.ProtoTime;
import dev.conduit.persistence.execution.ShardRecord;
import dev.conduit.persistence.execution.ShardStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongConsumer;

/**
 * Task ids of one shard, {@code rangeId << 20 | seq}, and the read levels that keep the queues from
 * passing a task that is allocated but not yet committed.
 *
 * <p>Every write holds the range read lock from allocation to completion, so the range only moves
 * (renewRange, when the sequence is used up) with no write in flight: a write is always conditioned on
 * the range its ids came from, and an in-flight write never fails because this host renewed its range.
 */
final class TaskIdAllocator {
  static final int SEQUENCE_BITS = 20;
  static final long SEQUENCE_LIMIT = 1L << SEQUENCE_BITS;

  private final int shardId;
  private final String owner;
  private final long sequenceLimit;
  private final ShardStore shardStore;
  private final ReentrantReadWriteLock rangeLock = new ReentrantReadWriteLock();
  private long rangeId;
  private long nextSequence;
  private long lastAllocated;
  private final TreeMap<Long, Integer> inFlightTransferIds = new TreeMap<>();
  private final TreeMap<Instant, Integer> inFlightTimerTimes = new TreeMap<>();
  private final TreeMap<Long, Integer> inFlightReplicationIds = new TreeMap<>();
  private Instant timerReadLevel;

  /** Ids and adjusted fire times of one write; {@link #end} must follow {@link #begin}. */
  record Ticket(long rangeId, long txnId, List<Long> transferIds, List<Instant> timerFireTimes, List<Long> timerIds,
      List<Long> replicationIds) {}

  TaskIdAllocator(int shardId, String owner, ShardStore shardStore, long rangeId, Instant timerAckLevel) {
    this(shardId, owner, shardStore, rangeId, timerAckLevel, SEQUENCE_LIMIT);
  }

  /** {@code sequenceLimit} below 2^20 only lets tests reach a range renewal quickly. */
  TaskIdAllocator(int shardId, String owner, ShardStore shardStore, long rangeId, Instant timerAckLevel,
      long sequenceLimit) {
    this.sequenceLimit = Math.min(sequenceLimit, SEQUENCE_LIMIT);
    this.shardId = shardId;
    this.owner = owner;
    this.shardStore = shardStore;
    this.rangeId = rangeId;
    this.lastAllocated = (rangeId << SEQUENCE_BITS) - 1;
    this.timerReadLevel = timerAckLevel;
  }

  synchronized long rangeId() {
    return rangeId;
  }

  /**
   * Allocates a transaction id, {@code transferCount} transfer task ids and one id per timer. Timers
   * due before what the timer queue already read are moved to its read level, so none is skipped.
   */
  Ticket begin(int transferCount, List<Instant> fireTimes) {
    return begin(transferCount, fireTimes, 0);
  }

  /** As {@link #begin(int, List)}, plus {@code replicationCount} replication task ids after the others. */
  Ticket begin(int transferCount, List<Instant> fireTimes, int replicationCount) {
    int needed = 1 + transferCount + fireTimes.size() + replicationCount;
    if (needed > sequenceLimit) {
      throw new IllegalArgumentException("one write cannot take " + needed + " task ids");
    }
    while (true) {
      rangeLock.readLock().lock();
      boolean allocated = false;
      try {
        synchronized (this) {
          if (nextSequence + needed <= sequenceLimit) {
            Ticket ticket = allocate(transferCount, fireTimes, replicationCount);
            allocated = true;
            return ticket;
          }
        }
      } finally {
        if (!allocated) {
          rangeLock.readLock().unlock();
        }
      }
      renew(needed);
    }
  }

  /** The write of {@code ticket} finished (committed or not): its tasks no longer hold the read levels. */
  void end(Ticket ticket) {
    synchronized (this) {
      ticket.transferIds().forEach(id -> release(inFlightTransferIds, id));
      ticket.timerFireTimes().forEach(time -> release(inFlightTimerTimes, time));
      ticket.replicationIds().forEach(id -> release(inFlightReplicationIds, id));
    }
    rangeLock.readLock().unlock();
  }

  /** Runs a store call fenced by the current range, with the range held still. */
  void withRange(LongConsumer call) {
    rangeLock.readLock().lock();
    try {
      call.accept(rangeId());
    } finally {
      rangeLock.readLock().unlock();
    }
  }

  /** The highest transfer task id the queue may read: below every id still being written. */
  synchronized long transferMaxReadLevel() {
    return inFlightTransferIds.isEmpty() ? lastAllocated : inFlightTransferIds.firstKey() - 1;
  }

  /** The highest replication task id a remote cluster may read: below every id still being written. */
  synchronized long replicationMaxReadLevel() {
    return inFlightReplicationIds.isEmpty() ? lastAllocated : inFlightReplicationIds.firstKey() - 1;
  }

  /**
   * The exclusive upper bound of the timer queue's next read: just past {@code now}, but not past any
   * timer still being written. New timers are never allocated before the bound handed out.
   */
  synchronized Instant timerReadBound(Instant now) {
    Instant bound = now.truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
    if (!inFlightTimerTimes.isEmpty() && inFlightTimerTimes.firstKey().isBefore(bound)) {
      bound = inFlightTimerTimes.firstKey();
    }
    if (bound.isAfter(timerReadLevel)) {
      timerReadLevel = bound;
    }
    return timerReadLevel;
  }

  private Ticket allocate(int transferCount, List<Instant> fireTimes, int replicationCount) {
    long txnId = nextId();
    List<Long> transferIds = new ArrayList<>(transferCount);
    for (int i = 0; i < transferCount; i++) {
      long id = nextId();
      transferIds.add(id);
      inFlightTransferIds.merge(id, 1, Integer::sum);
    }
    List<Instant> adjusted = new ArrayList<>(fireTimes.size());
    List<Long> timerIds = new ArrayList<>(fireTimes.size());
    for (Instant fireTime : fireTimes) {
      Instant time = ProtoTime.ceilMillis(fireTime);
      if (time.isBefore(timerReadLevel)) {
        time = timerReadLevel;
      }
      adjusted.add(time);
      timerIds.add(nextId());
      inFlightTimerTimes.merge(time, 1, Integer::sum);
    }
    List<Long> replicationIds = new ArrayList<>(replicationCount);
    for (int i = 0; i < replicationCount; i++) {
      long id = nextId();
      replicationIds.add(id);
      inFlightReplicationIds.merge(id, 1, Integer::sum);
    }
    return new Ticket(rangeId, txnId, transferIds, adjusted, timerIds, replicationIds);
  }

  private long nextId() {
    lastAllocated = (rangeId << SEQUENCE_BITS) | nextSequence++;
    return lastAllocated;
  }

  private void renew(int needed) {
    rangeLock.writeLock().lock();
    try {
      synchronized (this) {
        if (nextSequence + needed > sequenceLimit) {
          ShardRecord renewed = shardStore.renewRange(shardId, rangeId, owner);
          rangeId = renewed.rangeId();
          nextSequence = 0;
        }
      }
    } finally {
      rangeLock.writeLock().unlock();
    }
  }

  private static <K> void release(TreeMap<K, Integer> multiset, K key) {
    multiset.computeIfPresent(key, (k, count) -> count == 1 ? null : count - 1);
  }
}
