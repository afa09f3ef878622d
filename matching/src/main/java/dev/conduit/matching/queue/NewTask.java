package dev.conduit.matching.queue;

import dev.conduit.persistence.matching.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A task history asks matching to dispatch: the workflow task or activity at {@code scheduledEventId}
 * of a run, and how long it may wait for a poller ({@link Duration#ZERO}: no limit).
 */
public record NewTask(String workflowId, String runId, long scheduledEventId, Duration scheduleToStartTimeout) {

  public NewTask {
    Objects.requireNonNull(workflowId, "workflowId");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(scheduleToStartTimeout, "scheduleToStartTimeout");
    if (scheduleToStartTimeout.isNegative()) {
      throw new IllegalArgumentException("schedule-to-start timeout must not be negative, was " + scheduleToStartTimeout);
    }
  }

  /** The record to dispatch or store, created at {@code now}; its id is allocated when it is written. */
  TaskRecord toRecord(Instant now) {
    Instant expiry = scheduleToStartTimeout.isZero() ? null : now.plus(scheduleToStartTimeout);
    return new TaskRecord(0, workflowId, runId, scheduledEventId, now, expiry);
  }
}
