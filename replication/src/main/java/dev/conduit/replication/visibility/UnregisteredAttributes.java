package dev.conduit.replication.visibility;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the indexer does with a record's custom search attribute that its namespace's registry here does not list.
 * On a standby the registry arrives by namespace replication, which travels apart from the workflow's events: a
 * run started right after its attribute was registered on the active can reach this cluster's index first. So the
 * first such record waits ({@link #WAIT}) for the registration; once that time has passed for a namespace's
 * attribute (it was removed, or never replicated here) records are indexed without it, at once.
 */
final class UnregisteredAttributes {
  /** How long an attribute may be missing from the registry before records are indexed without it. */
  static final Duration WAIT = Duration.ofSeconds(30);

  private final Clock clock;
  private final Map<String, Instant> missingSince = new ConcurrentHashMap<>();

  UnregisteredAttributes(Clock clock) {
    this.clock = clock;
  }

  /** True while a record with {@code attribute} unknown to {@code namespaceId}'s registry should wait. */
  boolean shouldWait(String namespaceId, String attribute) {
    Instant now = clock.instant();
    Instant since = missingSince.computeIfAbsent(namespaceId + "/" + attribute, key -> now);
    return Duration.between(since, now).compareTo(WAIT) < 0;
  }

  /** The attribute is registered now: a later removal waits afresh. */
  void registered(String namespaceId, String attribute) {
    missingSince.remove(namespaceId + "/" + attribute);
  }
}
