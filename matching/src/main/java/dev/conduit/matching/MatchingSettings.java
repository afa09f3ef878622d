package dev.conduit.matching;

import java.time.Duration;
import java.util.Objects;

/**
 * Static settings of the matching service: the lease owner's name, long-poll and idle timings, and the
 * sizes of backlog pages, write batches and task id ranges. Built from {@link #defaults(String)}.
 *
 * @param owner who holds the task queue leases, recorded with each lease (host and process)
 * @param longPollExpiry how long a poll waits for a task before answering empty; below the SDK's ~70 s
 * @param idleUnloadAfter a queue with no poller waiting and no add or poll for this long is unloaded
 * @param housekeepingInterval how often ack levels are persisted and idle queues looked for
 * @param syncMatchWait how long an add waits for the poller it handed its task to before writing it
 *     to the backlog anyway (a safety net: the poller always answers within history's call timeout)
 * @param backlogPageSize tasks read from the backlog at a time, and the in-memory buffer's low mark
 * @param writeBatchSize tasks written in one conditional batch at most
 * @param tasksPerRange task ids used from one range before the range is renewed; at most 2^20
 * @param queryTimeout how long a query waits for a worker to take and answer it (less when the caller's
 *     deadline is nearer); then it fails with DEADLINE_EXCEEDED
 */
public record MatchingSettings(
    String owner,
    Duration longPollExpiry,
    Duration idleUnloadAfter,
    Duration housekeepingInterval,
    Duration syncMatchWait,
    int backlogPageSize,
    int writeBatchSize,
    int tasksPerRange,
    Duration queryTimeout) {

  /** The bits of a task id below its range id: {@code taskId = rangeId << 20 | sequence}. */
  public static final int RANGE_SHIFT = 20;
  /** The SDKs give a poll about 70 s; the answer must come well before. */
  public static final Duration MAX_LONG_POLL_EXPIRY = Duration.ofSeconds(65);

  public MatchingSettings {
    if (owner == null || owner.isBlank()) {
      throw new IllegalArgumentException("matching owner name must not be empty");
    }
    requirePositive(longPollExpiry, "longPollExpiry");
    if (longPollExpiry.compareTo(MAX_LONG_POLL_EXPIRY) > 0) {
      throw new IllegalArgumentException("longPollExpiry " + longPollExpiry + " exceeds " + MAX_LONG_POLL_EXPIRY
          + ": the SDKs' poll deadline (~70 s) would hit first");
    }
    requirePositive(idleUnloadAfter, "idleUnloadAfter");
    requirePositive(housekeepingInterval, "housekeepingInterval");
    requirePositive(syncMatchWait, "syncMatchWait");
    requireRange(backlogPageSize, 1, 10_000, "backlogPageSize");
    requireRange(writeBatchSize, 1, 1_000, "writeBatchSize");
    requireRange(tasksPerRange, 1, 1 << RANGE_SHIFT, "tasksPerRange");
    requirePositive(queryTimeout, "queryTimeout");
  }

  /**
   * 60 s long polls, unload after 5 idle minutes, ack levels persisted every 5 s, pages of 100, queries
   * answered within 20 s (the SDKs give a query 10 s, so theirs is the deadline that counts).
   */
  public static MatchingSettings defaults(String owner) {
    return new MatchingSettings(owner, Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofSeconds(5),
        Duration.ofSeconds(30), 100, 32, 1 << RANGE_SHIFT, Duration.ofSeconds(20));
  }

  public MatchingSettings withLongPollExpiry(Duration value) {
    return new MatchingSettings(owner, value, idleUnloadAfter, housekeepingInterval, syncMatchWait, backlogPageSize, writeBatchSize, tasksPerRange, queryTimeout);
  }

  public MatchingSettings withIdleUnloadAfter(Duration value) {
    return new MatchingSettings(owner, longPollExpiry, value, housekeepingInterval, syncMatchWait, backlogPageSize, writeBatchSize, tasksPerRange, queryTimeout);
  }

  public MatchingSettings withHousekeepingInterval(Duration value) {
    return new MatchingSettings(owner, longPollExpiry, idleUnloadAfter, value, syncMatchWait, backlogPageSize, writeBatchSize, tasksPerRange, queryTimeout);
  }

  public MatchingSettings withBacklogPageSize(int value) {
    return new MatchingSettings(owner, longPollExpiry, idleUnloadAfter, housekeepingInterval, syncMatchWait, value, writeBatchSize, tasksPerRange, queryTimeout);
  }

  public MatchingSettings withTasksPerRange(int value) {
    return new MatchingSettings(owner, longPollExpiry, idleUnloadAfter, housekeepingInterval, syncMatchWait, backlogPageSize, writeBatchSize, value, queryTimeout);
  }

  public MatchingSettings withQueryTimeout(Duration value) {
    return new MatchingSettings(owner, longPollExpiry, idleUnloadAfter, housekeepingInterval, syncMatchWait, backlogPageSize, writeBatchSize, tasksPerRange, value);
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  private static void requireRange(int value, int min, int max, String name) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
    }
  }
}
