package dev.conduit.matching.queue;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which backlog tasks of a queue are done. The read level is the highest id the reader has loaded or
 * found absent; the ack level is the highest id at or below which every task is done, so a new lease
 * holder resumes reading after it. Tasks finish out of order; the ack level moves only over a done prefix.
 */
final class AckTracker {
  private final TreeMap<Long, Boolean> outstanding = new TreeMap<>();
  private long readLevel;
  private long ackLevel;

  AckTracker(long initialAckLevel) {
    this.readLevel = initialAckLevel;
    this.ackLevel = initialAckLevel;
  }

  /** A task the reader loaded; it counts as not done until {@link #ack}. */
  synchronized void track(long taskId) {
    outstanding.putIfAbsent(taskId, Boolean.FALSE);
  }

  /** The reader has seen everything up to {@code level} (tasks in it were {@link #track tracked} first). */
  synchronized void readUpTo(long level) {
    readLevel = Math.max(readLevel, level);
    advance();
  }

  synchronized void ack(long taskId) {
    outstanding.computeIfPresent(taskId, (id, done) -> Boolean.TRUE);
    advance();
  }

  synchronized long readLevel() {
    return readLevel;
  }

  synchronized long ackLevel() {
    return ackLevel;
  }

  synchronized int outstandingCount() {
    return outstanding.size();
  }

  private void advance() {
    Map.Entry<Long, Boolean> first;
    while ((first = outstanding.firstEntry()) != null && first.getValue()) {
      ackLevel = first.getKey();
      outstanding.pollFirstEntry();
    }
    if (outstanding.isEmpty()) {
      // nothing loaded is pending: the gaps up to the read level hold no task either
      ackLevel = Math.max(ackLevel, readLevel);
    } else {
      ackLevel = Math.max(ackLevel, Math.min(readLevel, outstanding.firstKey() - 1));
    }
  }
}
