package dev.conduit.history.queues;

import java.time.Instant;

/** A task loaded from the store and not yet done; failed tasks wait for their retry time. */
final class PendingTask<T> {
  final T record;
  int attempts;
  Instant retryAt = Instant.MIN;
  /** Handed to the pool and not finished yet: a pass neither starts it again nor acks past it. */
  boolean running;
  /** Since when the task waits on a standby for the active cluster's events; null while it does not. */
  Instant waitingSince;

  PendingTask(T record) {
    this.record = record;
  }
}
