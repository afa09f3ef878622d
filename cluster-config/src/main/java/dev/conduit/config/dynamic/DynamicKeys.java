package dev.conduit.config.dynamic;

import static dev.conduit.config.dynamic.DynamicScope.GLOBAL;
import static dev.conduit.config.dynamic.DynamicScope.NAMESPACE;
import static dev.conduit.config.dynamic.DynamicScope.TASK_QUEUE;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The dynamic settings the server reads, with Temporal's names and defaults so that an existing
 * dynamic config file means the same here. A file key that is not declared here is ignored with a
 * warning, as Temporal does.
 */
public final class DynamicKeys {

  public static final DynamicKey<Boolean> ENABLE_NAMESPACE_NOT_ACTIVE_AUTO_FORWARDING = DynamicKey.ofBoolean(
      "system.enableNamespaceNotActiveAutoForwarding", NAMESPACE, true,
      "Whether a frontend forwards calls for a global namespace that is active elsewhere to the active"
          + " cluster (per dcRedirectionPolicy) instead of answering NamespaceNotActive.");

  public static final DynamicKey<Integer> FRONTEND_RPS = DynamicKey.ofInt("frontend.rps", GLOBAL, 2400, 0,
      "Requests per second one frontend host accepts in total.");

  public static final DynamicKey<Integer> FRONTEND_NAMESPACE_RPS = DynamicKey.ofInt(
      "frontend.namespaceRPS", NAMESPACE, 2400, 0,
      "Requests per second one frontend host accepts for one namespace.");

  public static final DynamicKey<Integer> FRONTEND_NAMESPACE_COUNT = DynamicKey.ofInt(
      "frontend.namespaceCount", NAMESPACE, 1200, 0,
      "Concurrent long-running requests (long polls, queries) one frontend host holds per namespace"
          + " and API.");

  public static final DynamicKey<Integer> BLOB_SIZE_LIMIT_ERROR = DynamicKey.ofInt(
      "limit.blobSize.error", NAMESPACE, 2 * 1024 * 1024, 0,
      "Largest payload blob in bytes; a larger one fails the request.");

  public static final DynamicKey<Integer> BLOB_SIZE_LIMIT_WARN = DynamicKey.ofInt(
      "limit.blobSize.warn", NAMESPACE, 512 * 1024, 0,
      "Payload blob size in bytes above which a warning is logged.");

  public static final DynamicKey<Integer> HISTORY_SIZE_LIMIT_ERROR = DynamicKey.ofInt(
      "limit.historySize.error", NAMESPACE, 50 * 1024 * 1024, 0,
      "History size in bytes at which a workflow execution is terminated.");

  public static final DynamicKey<Integer> HISTORY_SIZE_LIMIT_WARN = DynamicKey.ofInt(
      "limit.historySize.warn", NAMESPACE, 10 * 1024 * 1024, 0,
      "History size in bytes above which a warning is logged.");

  public static final DynamicKey<Integer> HISTORY_COUNT_LIMIT_ERROR = DynamicKey.ofInt(
      "limit.historyCount.error", NAMESPACE, 50 * 1024, 0,
      "Number of history events at which a workflow execution is terminated.");

  public static final DynamicKey<Integer> HISTORY_COUNT_LIMIT_WARN = DynamicKey.ofInt(
      "limit.historyCount.warn", NAMESPACE, 10 * 1024, 0,
      "Number of history events above which a warning is logged.");

  public static final DynamicKey<Integer> NUM_PENDING_CHILD_EXECUTIONS_LIMIT_ERROR = DynamicKey.ofInt(
      "limit.numPendingChildExecutions.error", NAMESPACE, 2000, 0,
      "Child workflows one run may have started and not closed; one more fails the workflow task.");

  public static final DynamicKey<Integer> NUM_PENDING_SIGNALS_LIMIT_ERROR = DynamicKey.ofInt(
      "limit.numPendingSignals.error", NAMESPACE, 2000, 0,
      "SignalExternalWorkflowExecution commands of one run not yet delivered; one more fails the workflow task.");

  public static final DynamicKey<Integer> NUM_PENDING_CANCEL_REQUESTS_LIMIT_ERROR = DynamicKey.ofInt(
      "limit.numPendingCancelRequests.error", NAMESPACE, 2000, 0,
      "RequestCancelExternalWorkflowExecution commands of one run not yet delivered; one more fails the"
          + " workflow task.");

  public static final DynamicKey<Integer> MAXIMUM_SIGNALS_PER_EXECUTION = DynamicKey.ofInt(
      "history.maximumSignalsPerExecution", NAMESPACE, 10_000, 0,
      "Signals one run may receive in its life; a further signal is refused with INVALID_ARGUMENT.");

  public static final DynamicKey<Integer> HISTORY_PERSISTENCE_MAX_QPS = DynamicKey.ofInt(
      "history.persistenceMaxQPS", GLOBAL, 9000, 0,
      "Queries per second one history host may send to Cassandra.");

  public static final DynamicKey<Integer> MATCHING_NUM_TASKQUEUE_READ_PARTITIONS = DynamicKey.ofInt(
      "matching.numTaskqueueReadPartitions", TASK_QUEUE, 4, 1,
      "Partitions a task queue is polled from; lower it only after the write partitions, once drained.");

  public static final DynamicKey<Integer> MATCHING_NUM_TASKQUEUE_WRITE_PARTITIONS = DynamicKey.ofInt(
      "matching.numTaskqueueWritePartitions", TASK_QUEUE, 4, 1,
      "Partitions new tasks of a task queue are spread over; keep it at most the read partitions.");

  public static final DynamicKey<Duration> MATCHING_LONG_POLL_EXPIRATION_INTERVAL = DynamicKey.ofDuration(
      "matching.longPollExpirationInterval", TASK_QUEUE, Duration.ofMinutes(1), Duration.ofMillis(1),
      "How long matching holds a poll with no task before answering empty; below the SDK's ~70s deadline.");

  public static final DynamicKey<Duration> NAMESPACE_CACHE_REFRESH_INTERVAL = DynamicKey.ofDuration(
      "system.namespaceCacheRefreshInterval", GLOBAL, Duration.ofSeconds(2), Duration.ofMillis(10),
      "How often every service re-reads the namespaces it caches; a failover is visible within it.");

  public static final DynamicKey<Duration> NAMESPACE_MIN_RETENTION_LOCAL = DynamicKey.ofDuration(
      "system.namespaceMinRetentionLocal", GLOBAL, Duration.ofDays(1), Duration.ofSeconds(1),
      "The shortest retention a local namespace may be registered or updated with.");

  public static final DynamicKey<Duration> NAMESPACE_MIN_RETENTION_GLOBAL = DynamicKey.ofDuration(
      "system.namespaceMinRetentionGlobal", GLOBAL, Duration.ofDays(1), Duration.ofSeconds(1),
      "The shortest retention a global namespace may be registered or updated with.");

  private static final List<DynamicKey<?>> ALL = List.of(
      ENABLE_NAMESPACE_NOT_ACTIVE_AUTO_FORWARDING, NAMESPACE_CACHE_REFRESH_INTERVAL, NAMESPACE_MIN_RETENTION_LOCAL,
      NAMESPACE_MIN_RETENTION_GLOBAL, FRONTEND_RPS, FRONTEND_NAMESPACE_RPS,
      FRONTEND_NAMESPACE_COUNT, BLOB_SIZE_LIMIT_ERROR, BLOB_SIZE_LIMIT_WARN, HISTORY_SIZE_LIMIT_ERROR,
      HISTORY_SIZE_LIMIT_WARN, HISTORY_COUNT_LIMIT_ERROR, HISTORY_COUNT_LIMIT_WARN,
      NUM_PENDING_CHILD_EXECUTIONS_LIMIT_ERROR, NUM_PENDING_SIGNALS_LIMIT_ERROR,
      NUM_PENDING_CANCEL_REQUESTS_LIMIT_ERROR, MAXIMUM_SIGNALS_PER_EXECUTION, HISTORY_PERSISTENCE_MAX_QPS, MATCHING_NUM_TASKQUEUE_READ_PARTITIONS,
      MATCHING_NUM_TASKQUEUE_WRITE_PARTITIONS, MATCHING_LONG_POLL_EXPIRATION_INTERVAL);

  private static final Map<String, DynamicKey<?>> BY_LOWER_CASE_NAME = ALL.stream()
      .collect(Collectors.toUnmodifiableMap(key -> key.name().toLowerCase(Locale.ROOT), Function.identity()));

  private DynamicKeys() {}

  public static List<DynamicKey<?>> all() {
    return ALL;
  }

  /** The key with this name; case does not matter, as in Temporal's file client. */
  public static Optional<DynamicKey<?>> find(String name) {
    return Optional.ofNullable(BY_LOWER_CASE_NAME.get(name.toLowerCase(Locale.ROOT)));
  }
}
