package dev.conduit.frontend.admin;

import dev.conduit.frontend.errors.FailedPreconditionException;
import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.persistence.namespace.NamespaceNotFoundException;
import dev.conduit.persistence.namespace.NamespaceRegistry;
import dev.conduit.persistence.namespace.NamespaceStore;
import dev.conduit.persistence.namespace.NamespaceUpdateConflictException;
import dev.conduit.persistence.namespace.VersionedNamespace;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Graceful failover (Temporal's handover), run by the cluster the namespace is active in:
 * <ol>
 *   <li>the namespace goes to HANDOVER: frontends answer its writes UNAVAILABLE (SDKs retry) and history's queues
 *       hold its tasks, so nothing new is written for it, except the end of a workflow task a worker had started:
 *       that writes the signals buffered behind the task, which would otherwise stay behind in this cluster's
 *       mutable state (a worker that answers after the wait below still gets its events replicated; if they come
 *       after the target wrote to the run, conflict resolution reapplies their signals there);</li>
 *   <li>after two namespace-cache refresh intervals every frontend and history host has seen that; each shard's
 *       replication read level then bounds every task the namespace ever wrote;</li>
 *   <li>it waits until each shard's tasks below that mark are acknowledged by Kafka for the target (the shard's
 *       backlog for the target starts at or above the mark), takes the last task published for the target at that
 *       moment, and waits until the target reports that task applied;</li>
 *   <li>then it fails over as a forced failover does (the next failover version of the target), which also ends
 *       HANDOVER.</li>
 * </ol>
 * If the target has not caught up within the timeout the namespace goes back to normal on this cluster and the
 * call fails with DEADLINE_EXCEEDED naming what was missing. Task ids are compared per source shard; the topic has
 * one partition, so a shard's tasks are applied in id order.
 */
final class GracefulFailover {
  private static final Logger log = LoggerFactory.getLogger(GracefulFailover.class);
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
  private static final int STATE_ATTEMPTS = 5;

  /** What the failover reads about replication with the target. */
  interface ReplicationView {
    int numShards();

    /** The shard's replication read level and the id of its first task not yet acknowledged for {@code target} (-1: none). */
    Backlog backlog(int shard, String target);

    /** Per shard of this cluster, the last task Kafka acknowledged for {@code target}. */
    Map<Integer, Long> published(String target);

    /** Per shard of {@code source}, the last task of it the cluster {@code target} has applied, as it reports. */
    Map<Integer, Long> appliedAt(String target, String source);
  }

  record Backlog(long maxReadLevel, long firstPendingTaskId) {}

  /** Waits between checks; tests pass one that moves their clock. */
  interface Pause {
    void pause(Duration duration) throws InterruptedException;
  }

  /** The switch itself: a forced failover to the target (ends HANDOVER). */
  interface Switch {
    void failover(String namespace, String target);
  }

  private final NamespaceStore store;
  private final NamespaceRegistry registry;
  private final String currentCluster;
  private final ReplicationView view;
  private final Switch switchover;
  private final Clock clock;
  private final Pause pause;
  private final Supplier<Duration> cacheRefreshInterval;
  private final Duration pollInterval;

  GracefulFailover(NamespaceStore store, NamespaceRegistry registry, String currentCluster, ReplicationView view,
      Switch switchover, Clock clock, Pause pause, Supplier<Duration> cacheRefreshInterval, Duration pollInterval) {
    this.store = store;
    this.registry = registry;
    this.currentCluster = currentCluster;
    this.view = view;
    this.switchover = switchover;
    this.clock = clock;
    this.pause = pause;
    this.cacheRefreshInterval = cacheRefreshInterval;
    this.pollInterval = pollInterval;
  }

  /** Runs a graceful failover of {@code name} to {@code target}; returns how long the namespace was in HANDOVER. */
  Duration run(String name, String target, Duration timeout) {
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new InvalidArgumentException("handover_timeout", "must be above 0 and at most " + MAX_TIMEOUT.toMinutes()
          + " minutes, got " + timeout);
    }
    NamespaceDetail detail = load(name).detail();
    check(detail, target);
    Instant start = clock.instant();
    setState(name, NamespaceDetail.ReplicationState.REPLICATION_STATE_HANDOVER);
    log.info("namespace {} in HANDOVER: waiting up to {} for cluster {} to apply everything", name, timeout, target);
    boolean switched = false;
    try {
      Instant deadline = start.plus(timeout);
      String missing = waitForTarget(target, start.plus(cacheRefreshInterval.get().multipliedBy(2)), deadline);
      if (missing != null) {
        throw Status.DEADLINE_EXCEEDED.withDescription("graceful failover of namespace " + name + " to " + target
            + " timed out after " + timeout.toMillis() + " ms (" + missing + "); namespace " + name
            + " stays active in " + currentCluster + " and is back to normal").asRuntimeException();
      }
      switchover.failover(name, target);
      switched = true;
      Duration handover = Duration.between(start, clock.instant());
      log.info("namespace {} failed over gracefully to {} after {} ms in HANDOVER", name, target, handover.toMillis());
      return handover;
    } finally {
      if (!switched) {
        endHandover(name);
      }
    }
  }

  /** Null once the target applied everything; else, at the deadline, what it still lacked. */
  private String waitForTarget(String target, Instant settled, Instant deadline) {
    try {
      while (clock.instant().isBefore(settled) && clock.instant().isBefore(deadline)) {
        pause.pause(Duration.ofMillis(Math.min(pollInterval.toMillis(),
            Math.max(1, Duration.between(clock.instant(), settled).toMillis()))));
      }
      if (!clock.instant().isBefore(deadline)) {
        return "the namespace cache refresh interval is longer than half the timeout";
      }
      Map<Integer, Long> marks = new HashMap<>();
      for (int shard = 0; shard < view.numShards(); shard++) {
        marks.put(shard, view.backlog(shard, target).maxReadLevel());
      }
      Map<Integer, Long> toApply = new HashMap<>();
      String missing;
      while (true) {
        missing = null;
        for (int shard = 0; shard < view.numShards(); shard++) {
          if (toApply.containsKey(shard)) {
            continue;
          }
          long pending = view.backlog(shard, target).firstPendingTaskId();
          if (pending >= 0 && pending < marks.get(shard)) {
            missing = missing != null ? missing : "shard " + shard + " still has task " + pending
                + " not acknowledged by Kafka for " + target;
            continue;
          }
          // the publisher records a page's last task before it moves the shard's ack level past it
          toApply.put(shard, view.published(target).getOrDefault(shard, -1L));
        }
        if (missing == null) {
          missing = notYetApplied(target, toApply);
          if (missing == null) {
            return null;
          }
        }
        if (!clock.instant().plus(pollInterval).isBefore(deadline)) {
          return missing;
        }
        pause.pause(pollInterval);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private String notYetApplied(String target, Map<Integer, Long> toApply) {
    Map<Integer, Long> applied;
    try {
      applied = view.appliedAt(target, currentCluster);
    } catch (RuntimeException e) {
      return "cluster " + target + " did not report its progress: " + e.getMessage();
    }
    for (Map.Entry<Integer, Long> shard : toApply.entrySet()) {
      long has = applied.getOrDefault(shard.getKey(), -1L);
      if (shard.getValue() >= 0 && has < shard.getValue()) {
        return "cluster " + target + " applied shard " + shard.getKey() + " up to task " + has + " of "
            + shard.getValue();
      }
    }
    return null;
  }

  private void check(NamespaceDetail detail, String target) {
    String name = detail.getInfo().getName();
    if (!detail.getIsGlobal()) {
      throw new InvalidArgumentException("name", "namespace " + name
          + " is a local namespace: only a global namespace can fail over to another cluster");
    }
    String active = detail.getReplication().getActiveClusterName();
    if (!active.equals(currentCluster)) {
      throw new FailedPreconditionException("namespace " + name + " is active in " + active + ", not in "
          + currentCluster + ": send the graceful failover to cluster " + active);
    }
    if (target.equals(currentCluster)) {
      throw new InvalidArgumentException("target_cluster", "namespace " + name + " is already active in " + target);
    }
    if (!detail.getReplication().getClustersList().contains(target)) {
      throw new InvalidArgumentException("target_cluster", "cluster " + target + " is not one of namespace " + name
          + "'s clusters " + detail.getReplication().getClustersList());
    }
  }

  private void endHandover(String name) {
    try {
      setState(name, NamespaceDetail.ReplicationState.REPLICATION_STATE_NORMAL);
    } catch (RuntimeException e) {
      log.error("namespace {} may still be in HANDOVER: ending it failed; a forced failover (or another graceful one)"
          + " ends it", name, e);
    }
  }

  private void setState(String name, NamespaceDetail.ReplicationState state) {
    NamespaceUpdateConflictException conflict = null;
    for (int attempt = 0; attempt < STATE_ATTEMPTS; attempt++) {
      VersionedNamespace current = load(name);
      if (current.detail().getReplication().getReplicationState() == state) {
        return;
      }
      NamespaceDetail.Builder next = current.detail().toBuilder().setOriginCluster(currentCluster);
      next.getReplicationBuilder().setReplicationState(state);
      try {
        registry.put(store.update(next.build(), current.storeNotificationVersion()));
        return;
      } catch (NamespaceUpdateConflictException e) {
        conflict = e;
      }
    }
    throw conflict;
  }

  private VersionedNamespace load(String name) {
    return store.getByName(name).orElseThrow(() -> new NamespaceNotFoundException(name));
  }
}
