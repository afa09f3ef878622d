package dev.conduit.persistence.matching;

import java.util.Optional;

/**
 * What the stored lease says about a fenced write whose outcome is unknown (it timed out, or its answer
 * was lost): the write may have been applied, so it is decided from a fresh read, never repeated blindly.
 */
enum LeaseOutcome {
  /** The write is in the store: the range moved to the value written, by this owner. */
  APPLIED,
  /** The write is not in the store and the lease is still this holder's: repeating it is safe. */
  STILL_HELD,
  /** Another manager moved the range (or the row is gone): the lease is lost whatever became of the write. */
  LOST;

  /** After renewing {@code rangeId} to {@code rangeId + 1} for {@code owner}. */
  static LeaseOutcome ofRenewal(long rangeId, String owner, Optional<TaskQueueLeaseRecord> stored) {
    if (stored.isEmpty()) {
      return LOST;
    }
    TaskQueueLeaseRecord lease = stored.get();
    if (lease.rangeId() == rangeId + 1 && owner.equals(lease.owner())) {
      return APPLIED;
    }
    return lease.rangeId() == rangeId ? STILL_HELD : LOST;
  }

  /**
   * After a write conditioned on {@code rangeId} that does not move it (task inserts, the ack level):
   * while the range is unchanged, repeating the write stores the same values again.
   */
  static LeaseOutcome ofFencedWrite(long rangeId, Optional<TaskQueueLeaseRecord> stored) {
    return stored.isPresent() && stored.get().rangeId() == rangeId ? STILL_HELD : LOST;
  }
}
