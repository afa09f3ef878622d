package dev.conduit.persistence.matching;

import dev.conduit.persistence.PersistenceException;

/**
 * A write conditioned on a task queue's {@code range_id} found another range: another manager holds the
 * lease now. The manager that gets this stops serving the queue at once; retrying the write is wrong.
 */
public final class TaskQueueLeaseLostException extends PersistenceException {
  private static final long serialVersionUID = 1L;
  private final long expectedRangeId;
  private final long actualRangeId;

  public TaskQueueLeaseLostException(TaskQueueId queue, long expectedRangeId, long actualRangeId) {
    super("task queue " + queue + " lease lost: expected range_id " + expectedRangeId + ", found " + actualRangeId, false);
    this.expectedRangeId = expectedRangeId;
    this.actualRangeId = actualRangeId;
  }

  public long expectedRangeId() {
    return expectedRangeId;
  }

  /** The range id found in the store, or -1 when the queue's row is gone. */
  public long actualRangeId() {
    return actualRangeId;
  }
}
