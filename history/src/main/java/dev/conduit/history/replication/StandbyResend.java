package dev.conduit.history.replication;

import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.VersionHistoryItem;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standby's answer to overdue events, as Temporal's standby task resend: a queue task that waits on a standby
 * for the active cluster's events (the activity attempt it would dispatch has not started there, the timer it would
 * fire has not fired, ...) for longer than the resend delay asks the active cluster for the run's history and
 * applies what this copy lacks, through the same path as replicated events. That repairs a copy whose replication
 * task was lost (a Kafka record deleted by retention before it was applied, a task parked in the DLQ and purged)
 * when no later task of the run comes to report the gap. The task looks again afterwards: if the events show its
 * work done it is dropped; if not, it asks again after another delay, or, while the active cluster has nothing this
 * copy lacks (its work there is simply not done yet), after twice the previous wait, up to {@value #MAX_BACKOFF}
 * delays. One run is resent at most once per wait, however many of its tasks wait. The reads run on a thread of
 * their own, never the queues'; an active cluster that does not answer (the very case of a data center going down
 * before the operator fails over) is left alone for one delay, whatever run asks.
 */
public final class StandbyResend implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StandbyResend.class);

  /** Reads a run's history from the cluster that holds it active. */
  @FunctionalInterface
  public interface SourceHistory {
    /** The run's whole history (its current branch) as {@code cluster} holds it, in event id order. */
    List<HistoryEvent> read(String cluster, WorkflowKey key);
  }

  /** Applies events read from the source to this cluster's copy of the run. */
  @FunctionalInterface
  public interface Apply {
    ReplicationPlan replicate(WorkflowKey key, List<VersionHistoryItem> versionHistory, List<HistoryEvent> events);
  }

  /** No resend: tasks wait for the replication stream alone (a process without a way to the other clusters). */
  public static final StandbyResend NONE =
      new StandbyResend(null, () -> Duration.ZERO, Clock.systemUTC(), Runnable::run);

  /** A run's last resend: when it may be asked for again, and the wait that gave. */
  private record Resent(Instant next, Duration waited) {}

  private static final java.util.Set<Status.Code> UNREACHABLE = java.util.Set.of(Status.Code.UNAVAILABLE,
      Status.Code.DEADLINE_EXCEEDED);

  /** A run whose resends keep finding nothing missing is asked at most this many delays apart. */
  static final int MAX_BACKOFF = 16;
  /** Reads waiting for the reader thread; an overdue run found when they are full asks at its next check. */
  static final int MAX_QUEUED_READS = 64;

  private final SourceHistory source;
  private final Supplier<Duration> delay;
  private final Clock clock;
  private final Executor reads;
  private final boolean ownsReads;
  private final Map<WorkflowKey, Resent> resent = new ConcurrentHashMap<>();
  /** Clusters whose last read failed to reach them, until when they are left alone. */
  private final Map<String, Instant> unreachableUntil = new ConcurrentHashMap<>();
  private volatile Instant lastCleanup = Instant.MIN;

  /**
   * Reads on one thread of its own with at most {@value #MAX_QUEUED_READS} waiting, so that a slow or unreachable
   * active cluster never holds the queues' threads.
   *
   * @param delay how long a task waits for the active cluster's events before it asks for them (dynamic config
   *     {@code history.standbyTaskMissingEventsResendDelay})
   */
  public StandbyResend(SourceHistory source, Supplier<Duration> delay, Clock clock) {
    this(source, delay, clock, readerThread(), true);
  }

  /** Stops the reader thread this resend started (reads already queued are dropped); a caller's executor is its own. */
  @Override
  public void close() {
    if (ownsReads) {
      ((ThreadPoolExecutor) reads).shutdownNow();
    }
  }

  /** Like the other, the reads run by {@code reads} (tests run them in the caller). */
  public StandbyResend(SourceHistory source, Supplier<Duration> delay, Clock clock, Executor reads) {
    this(source, delay, clock, reads, false);
  }

  private StandbyResend(SourceHistory source, Supplier<Duration> delay, Clock clock, Executor reads, boolean ownsReads) {
    this.ownsReads = ownsReads;
    this.source = source;
    this.delay = delay;
    this.clock = clock;
    this.reads = reads;
  }

  private static ThreadPoolExecutor readerThread() {
    ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(MAX_QUEUED_READS), runnable -> {
          Thread thread = new Thread(runnable, "standby-resend");
          thread.setDaemon(true);
          return thread;
        });
    return executor;
  }

  /**
   * A task of the run has waited since {@code waitingSince} for events of {@code activeCluster}: past the delay (and
   * not resent within its wait), reads the run there and applies what this copy lacks, off the caller's thread.
   * Returns whether it asked. A failure is logged and left to a later check; a cluster that could not be reached is
   * not asked again for one delay.
   */
  public boolean overdue(WorkflowKey key, String activeCluster, Instant waitingSince, Apply apply) {
    if (source == null) {
      return false;
    }
    Instant now = clock.instant();
    Duration wait = delay.get();
    if (now.isBefore(waitingSince.plus(wait))) {
      return false;
    }
    Resent previous = resent.get(key);
    if (previous != null && now.isBefore(previous.next())) {
      return false;
    }
    Instant unreachable = unreachableUntil.get(activeCluster);
    if (unreachable != null && now.isBefore(unreachable)) {
      return false;
    }
    // claimed before the read, so the run's other waiting tasks do not ask too
    resent.put(key, new Resent(now.plus(wait), wait));
    forgetOld(now, wait);
    try {
      reads.execute(() -> read(key, activeCluster, waitingSince, apply, previous, wait));
      return true;
    } catch (RejectedExecutionException e) {
      // the reader is behind: this run asks again at its next check
      if (previous == null) {
        resent.remove(key);
      } else {
        resent.put(key, previous);
      }
      return false;
    }
  }

  private void read(WorkflowKey key, String activeCluster, Instant waitingSince, Apply apply, Resent previous,
      Duration wait) {
    Instant now = clock.instant();
    try {
      List<HistoryEvent> events = source.read(activeCluster, key);
      if (events.isEmpty()) {
        log.warn("standby task of workflow {} run {} waited since {}: cluster {} has no history of it", key.workflowId(),
            key.runId(), waitingSince, activeCluster);
        return;
      }
      ReplicationPlan plan = apply.replicate(key, versionHistoryOf(events), events);
      if (plan.kind() == ReplicationPlan.Kind.DUPLICATE) {
        // nothing was missing: the active cluster has not done the work yet; ask less and less often
        Duration next = previous == null ? wait : min(previous.waited().multipliedBy(2), wait.multipliedBy(MAX_BACKOFF));
        resent.put(key, new Resent(now.plus(next), next));
        log.info("standby task of workflow {} run {}: cluster {} has nothing this copy lacks; next look after {}",
            key.workflowId(), key.runId(), activeCluster, next);
      } else {
        log.info("standby task of workflow {} run {} waited since {}: events 1..{} read from cluster {}: {} (this copy"
            + " had events up to {})", key.workflowId(), key.runId(), waitingSince,
            events.get(events.size() - 1).getEventId(), activeCluster, plan.kind(), plan.nextEventId() - 1);
      }
    } catch (StatusRuntimeException e) {
      if (UNREACHABLE.contains(e.getStatus().getCode())) {
        unreachableUntil.put(activeCluster, now.plus(wait));
        log.warn("standby task of workflow {} run {}: cluster {} did not answer ({}); no resend asks it for {}",
            key.workflowId(), key.runId(), activeCluster, e.getStatus(), wait);
      } else {
        log.warn("standby task of workflow {} run {}: resend from cluster {} failed; asking again after {}",
            key.workflowId(), key.runId(), activeCluster, wait, e);
      }
    } catch (RuntimeException e) {
      log.warn("standby task of workflow {} run {}: resend from cluster {} failed; asking again after {}",
          key.workflowId(), key.runId(), activeCluster, wait, e);
    }
  }

  /** Drops what is known of runs not resent for longer than the longest backoff (at most once per delay). */
  private void forgetOld(Instant now, Duration wait) {
    if (now.isBefore(lastCleanup.plus(wait))) {
      return;
    }
    lastCleanup = now;
    Duration longest = wait.multipliedBy(MAX_BACKOFF);
    resent.entrySet().removeIf(entry -> entry.getValue().next().plus(longest).isBefore(now));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** The version history of a whole branch, from its events: the last event id of each run of one version. */
  static List<VersionHistoryItem> versionHistoryOf(List<HistoryEvent> events) {
    List<VersionHistoryItem> items = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      HistoryEvent event = events.get(i);
      boolean lastOfVersion = i == events.size() - 1 || events.get(i + 1).getVersion() != event.getVersion();
      if (lastOfVersion) {
        items.add(VersionHistoryItem.newBuilder().setEventId(event.getEventId()).setVersion(event.getVersion()).build());
      }
    }
    return items;
  }
}
