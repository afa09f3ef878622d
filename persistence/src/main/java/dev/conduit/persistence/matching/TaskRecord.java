package dev.conduit.persistence.matching;

import java.time.Instant;
import java.util.Objects;

/**
 * One backlog task: which workflow task or activity to start, when it was created, and when it expires
 * ({@code expiryTime} is null when the task has no schedule-to-start timeout).
 */
public record TaskRecord(
    long taskId, String workflowId, String runId, long scheduledEventId, Instant createTime, Instant expiryTime) {

  public TaskRecord {
    Objects.requireNonNull(workflowId, "workflowId");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(createTime, "createTime");
  }

  /** Whether the task can no longer be started at {@code now}; history's timer handles its timeout. */
  public boolean isExpired(Instant now) {
    return expiryTime != null && !now.isBefore(expiryTime);
  }

  public TaskRecord withTaskId(long id) {
    return new TaskRecord(id, workflowId, runId, scheduledEventId, createTime, expiryTime);
  }
}
