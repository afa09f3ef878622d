package dev.conduit.config.dynamic;

import static dev.conduit.config.dynamic.DynamicScope.GLOBAL;
import static dev.conduit.config.dynamic.DynamicScope.NAMESPACE;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The dynamic settings the server reads, with Temporal's names and defaults so that an existing
 * dynamic config file means the same here. Every key declared here is read by some service; a file key
 * that is not declared here is rejected (unlike Temporal, which ignores it), so that a setting is
 * either honoured or refused, never silently dropped.
 */
public final class DynamicKeys {

  public static final DynamicKey<Boolean> ENABLE_NAMESPACE_NOT_ACTIVE_AUTO_FORWARDING = DynamicKey.ofBoolean(
      "system.enableNamespaceNotActiveAutoForwarding", NAMESPACE, true,
      "Whether a frontend forwards calls for a global namespace that is active elsewhere to the active"
          + " cluster (per dcRedirectionPolicy) instead of answering NamespaceNotActive.");

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

  public static final DynamicKey<Duration> NAMESPACE_CACHE_REFRESH_INTERVAL = DynamicKey.ofDuration(
      "system.namespaceCacheRefreshInterval", GLOBAL, Duration.ofSeconds(2), Duration.ofMillis(10),
      "How often every service re-reads the namespaces it caches; a failover is visible within it.");

  public static final DynamicKey<Duration> NAMESPACE_MIN_RETENTION_LOCAL = DynamicKey.ofDuration(
      "system.namespaceMinRetentionLocal", GLOBAL, Duration.ofDays(1), Duration.ofSeconds(1),
      "The shortest retention a local namespace may be registered or updated with.");

  public static final DynamicKey<Duration> NAMESPACE_MIN_RETENTION_GLOBAL = DynamicKey.ofDuration(
      "system.namespaceMinRetentionGlobal", GLOBAL, Duration.ofDays(1), Duration.ofSeconds(1),
      "The shortest retention a global namespace may be registered or updated with.");

  public static final DynamicKey<Duration> STANDBY_TASK_MISSING_EVENTS_RESEND_DELAY = DynamicKey.ofDuration(
      "history.standbyTaskMissingEventsResendDelay", GLOBAL, Duration.ofMinutes(10), Duration.ofSeconds(1),
      "How long a queue task on a standby cluster waits for the active cluster's events before history reads the"
          + " run's history from the active cluster and applies what it lacks (a lost replication task).");

  private static final List<DynamicKey<?>> ALL = List.of(
      ENABLE_NAMESPACE_NOT_ACTIVE_AUTO_FORWARDING, NAMESPACE_CACHE_REFRESH_INTERVAL, NAMESPACE_MIN_RETENTION_LOCAL,
      NAMESPACE_MIN_RETENTION_GLOBAL, BLOB_SIZE_LIMIT_ERROR, BLOB_SIZE_LIMIT_WARN, HISTORY_SIZE_LIMIT_ERROR,
      HISTORY_SIZE_LIMIT_WARN, HISTORY_COUNT_LIMIT_ERROR, HISTORY_COUNT_LIMIT_WARN,
      NUM_PENDING_CHILD_EXECUTIONS_LIMIT_ERROR, NUM_PENDING_SIGNALS_LIMIT_ERROR,
      NUM_PENDING_CANCEL_REQUESTS_LIMIT_ERROR, MAXIMUM_SIGNALS_PER_EXECUTION, STANDBY_TASK_MISSING_EVENTS_RESEND_DELAY);

  /**
   * Temporal settings that Conduit does not implement, with why: a file that sets one is rejected rather
   * than silently running without it.
   */
  private static final Map<String, String> NOT_IMPLEMENTED = Map.of(
      "frontend.rps", "frontends do not rate-limit requests",
      "frontend.namespacerps", "frontends do not rate-limit requests",
      "frontend.namespacecount", "frontends do not limit concurrent long-running requests",
      "history.persistencemaxqps", "history does not rate-limit its Cassandra queries",
      "matching.numtaskqueuereadpartitions", "a task queue has one partition",
      "matching.numtaskqueuewritepartitions", "a task queue has one partition",
      "matching.longpollexpirationinterval",
      "the long-poll expiry is a static matching setting (MatchingSettings.longPollExpiry)");

  private static final Map<String, DynamicKey<?>> BY_LOWER_CASE_NAME = ALL.stream()
      .collect(Collectors.toUnmodifiableMap(key -> key.name().toLowerCase(Locale.ROOT), Function.identity()));

  private DynamicKeys() {}

  public static List<DynamicKey<?>> all() {
    return ALL;
  }

  /** Why a Temporal setting of this name is not implemented, if it is one Conduit knows and refuses. */
  public static Optional<String> notImplemented(String name) {
    return Optional.ofNullable(NOT_IMPLEMENTED.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The key with this name; case does not matter, as in Temporal's file client. */
  public static Optional<DynamicKey<?>> find(String name) {
    return Optional.ofNullable(BY_LOWER_CASE_NAME.get(name.toLowerCase(Locale.ROOT)));
  }
}
