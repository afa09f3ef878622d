package dev.conduit.history;

import java.time.Duration;

/**
 * Tunables of the history engine with Temporal's defaults. Immutable; {@link #defaults()} then the
 * {@code with...} methods derive variants (tests shorten the waits).
 *
 * @param defaultWorkflowTaskTimeout workflow task start-to-close when the start request gives none
 * @param maxWorkflowTaskTimeout upper bound of a workflow task timeout
 * @param longPollTimeout how long a waiting GetWorkflowExecutionHistory holds before answering empty
 * @param historyPageSize default page size (history batches) of history reads and poll responses
 * @param maxIdLength longest workflow, activity, timer id or type name accepted
 * @param blobSizeLimit largest payload (input, result, details, failure) accepted
 * @param memoSizeLimit largest memo accepted
 * @param maxPendingActivities most activities one run may have pending
 * @param workflowCacheSize mutable states kept in memory per shard
 * @param maxConditionRetries conditional-update conflicts tolerated before a call gives up
 * @param queueBatchSize tasks read per queue read
 * @param maxPendingQueueTasks loaded but unfinished tasks per queue before reading pauses
 * @param taskRetryInitialBackoff first retry delay of a failed queue task
 * @param taskRetryMaxBackoff longest retry delay of a failed queue task
 * @param queueMaxPollInterval longest a queue sleeps without looking at the store (a backstop for wake-ups)
 * @param ackLevelPersistInterval least time between two writes of the queue ack levels
 * @param stickyQueueTtl a sticky queue not refreshed by a completed workflow task for this long is ignored
 * @param limits per-run limits on pending work, signals and history size
 * @param queryWaitTimeout how long a query waits for a workflow task in flight to finish before it is sent
 */
public record HistoryConfig(
    Duration defaultWorkflowTaskTimeout,
    Duration maxWorkflowTaskTimeout,
    Duration longPollTimeout,
    int historyPageSize,
    int maxIdLength,
    int blobSizeLimit,
    int memoSizeLimit,
    int maxPendingActivities,
    int workflowCacheSize,
    int maxConditionRetries,
    int queueBatchSize,
    int maxPendingQueueTasks,
    Duration taskRetryInitialBackoff,
    Duration taskRetryMaxBackoff,
    Duration queueMaxPollInterval,
    Duration ackLevelPersistInterval,
    Duration stickyQueueTtl,
    WorkflowLimits limits,
    Duration queryWaitTimeout) {

  /** The configuration before per-run limits existed; limits and query wait take their defaults. */
  public HistoryConfig(Duration defaultWorkflowTaskTimeout, Duration maxWorkflowTaskTimeout, Duration longPollTimeout,
      int historyPageSize, int maxIdLength, int blobSizeLimit, int memoSizeLimit, int maxPendingActivities,
      int workflowCacheSize, int maxConditionRetries, int queueBatchSize, int maxPendingQueueTasks,
      Duration taskRetryInitialBackoff, Duration taskRetryMaxBackoff, Duration queueMaxPollInterval,
      Duration ackLevelPersistInterval, Duration stickyQueueTtl) {
    this(defaultWorkflowTaskTimeout, maxWorkflowTaskTimeout, longPollTimeout, historyPageSize, maxIdLength,
        blobSizeLimit, memoSizeLimit, maxPendingActivities, workflowCacheSize, maxConditionRetries, queueBatchSize,
        maxPendingQueueTasks, taskRetryInitialBackoff, taskRetryMaxBackoff, queueMaxPollInterval,
        ackLevelPersistInterval, stickyQueueTtl, WorkflowLimits.defaults(), Duration.ofSeconds(10));
  }

  public static HistoryConfig defaults() {
    return new HistoryConfig(
        Duration.ofSeconds(10),
        Duration.ofSeconds(120),
        Duration.ofSeconds(20),
        256,
        1000,
        2 * 1024 * 1024,
        2 * 1024 * 1024,
        2000,
        10_000,
        5,
        100,
        1000,
        Duration.ofMillis(100),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1),
        Duration.ofSeconds(1),
        Duration.ofHours(1));
  }

  public HistoryConfig withLongPollTimeout(Duration value) {
    return new HistoryConfig(defaultWorkflowTaskTimeout, maxWorkflowTaskTimeout, value, historyPageSize,
        maxIdLength, blobSizeLimit, memoSizeLimit, maxPendingActivities, workflowCacheSize,
        maxConditionRetries, queueBatchSize, maxPendingQueueTasks, taskRetryInitialBackoff,
        taskRetryMaxBackoff, queueMaxPollInterval, ackLevelPersistInterval, stickyQueueTtl, limits, queryWaitTimeout);
  }

  public HistoryConfig withHistoryPageSize(int value) {
    return new HistoryConfig(defaultWorkflowTaskTimeout, maxWorkflowTaskTimeout, longPollTimeout, value,
        maxIdLength, blobSizeLimit, memoSizeLimit, maxPendingActivities, workflowCacheSize,
        maxConditionRetries, queueBatchSize, maxPendingQueueTasks, taskRetryInitialBackoff,
        taskRetryMaxBackoff, queueMaxPollInterval, ackLevelPersistInterval, stickyQueueTtl, limits, queryWaitTimeout);
  }

  public HistoryConfig withLimits(int blobSizeLimit, int maxPendingActivities) {
    return new HistoryConfig(defaultWorkflowTaskTimeout, maxWorkflowTaskTimeout, longPollTimeout,
        historyPageSize, maxIdLength, blobSizeLimit, blobSizeLimit, maxPendingActivities,
        workflowCacheSize, maxConditionRetries, queueBatchSize, maxPendingQueueTasks,
        taskRetryInitialBackoff, taskRetryMaxBackoff, queueMaxPollInterval, ackLevelPersistInterval,
        stickyQueueTtl, limits, queryWaitTimeout);
  }

  public HistoryConfig withQueueTiming(Duration retryInitial, Duration retryMax, Duration ackPersistInterval) {
    return new HistoryConfig(defaultWorkflowTaskTimeout, maxWorkflowTaskTimeout, longPollTimeout,
        historyPageSize, maxIdLength, blobSizeLimit, memoSizeLimit, maxPendingActivities,
        workflowCacheSize, maxConditionRetries, queueBatchSize, maxPendingQueueTasks, retryInitial,
        retryMax, queueMaxPollInterval, ackPersistInterval, stickyQueueTtl, limits, queryWaitTimeout);
  }

  public HistoryConfig withQueueBatchSize(int value) {
    return new HistoryConfig(defaultWorkflowTaskTimeout, maxWorkflowTaskTimeout, longPollTimeout,
        historyPageSize, maxIdLength, blobSizeLimit, memoSizeLimit, maxPendingActivities,
        workflowCacheSize, maxConditionRetries, value, maxPendingQueueTasks, taskRetryInitialBackoff,
        taskRetryMaxBackoff, queueMaxPollInterval, ackLevelPersistInterval, stickyQueueTtl, limits, queryWaitTimeout);
  }

  public HistoryConfig withMaxPendingQueueTasks(int value) {
    return new HistoryConfig(defaultWorkflowTaskTimeout, maxWorkflowTaskTimeout, longPollTimeout,
        historyPageSize, maxIdLength, blobSizeLimit, memoSizeLimit, maxPendingActivities,
        workflowCacheSize, maxConditionRetries, queueBatchSize, value, taskRetryInitialBackoff,
        taskRetryMaxBackoff, queueMaxPollInterval, ackLevelPersistInterval, stickyQueueTtl, limits, queryWaitTimeout);
  }

  public HistoryConfig withWorkflowLimits(WorkflowLimits value) {
    return new HistoryConfig(defaultWorkflowTaskTimeout, maxWorkflowTaskTimeout, longPollTimeout,
        historyPageSize, maxIdLength, blobSizeLimit, memoSizeLimit, maxPendingActivities, workflowCacheSize,
        maxConditionRetries, queueBatchSize, maxPendingQueueTasks, taskRetryInitialBackoff, taskRetryMaxBackoff,
        queueMaxPollInterval, ackLevelPersistInterval, stickyQueueTtl, value, queryWaitTimeout);
  }

  public HistoryConfig withQueryWaitTimeout(Duration value) {
    return new HistoryConfig(defaultWorkflowTaskTimeout, maxWorkflowTaskTimeout, longPollTimeout,
        historyPageSize, maxIdLength, blobSizeLimit, memoSizeLimit, maxPendingActivities, workflowCacheSize,
        maxConditionRetries, queueBatchSize, maxPendingQueueTasks, taskRetryInitialBackoff, taskRetryMaxBackoff,
        queueMaxPollInterval, ackLevelPersistInterval, stickyQueueTtl, limits, value);
  }
}
