package dev.conduit.history.testing;

import dev.conduit.history.NamespaceEntry;
import dev.conduit.history.NamespaceLookup;
import dev.conduit.history.WorkflowLimits;
import dev.conduit.history.errors.NamespaceNotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Namespaces a test registers, seen from cluster {@code "active"} unless {@link #inCluster} says
 * otherwise. Like the registry it stands for, it has a stored and a cached view: the usual setters change
 * both, {@link #changeStoredOnly} only the store, until {@link #reload} (counted) reads it, and
 * {@link #changeCachedOnly} only this process's view.
 */
public final class FixedNamespaces implements NamespaceLookup {
  private final Map<String, NamespaceEntry> stored = new ConcurrentHashMap<>();
  private final Map<String, NamespaceEntry> cached = new ConcurrentHashMap<>();
  private final AtomicInteger reloads = new AtomicInteger();
  private volatile String currentCluster = "active";

  public FixedNamespaces add(String id, String name, long failoverVersion) {
    return put(new NamespaceEntry(id, name, failoverVersion, Duration.ofDays(1)));
  }

  /** A global namespace replicated to {@code clusters}, active in the first. */
  public FixedNamespaces addGlobal(String id, String name, long failoverVersion, List<String> clusters) {
    return put(new NamespaceEntry(id, name, failoverVersion, Duration.ofDays(1), null, true, clusters, clusters.get(0)));
  }

  /** The cluster this lookup's process runs in. */
  public FixedNamespaces inCluster(String cluster) {
    currentCluster = cluster;
    return this;
  }

  public void setFailoverVersion(String id, long version) {
    NamespaceEntry entry = byId(id);
    put(new NamespaceEntry(id, entry.name(), version, entry.retention(), entry.limits(), entry.isGlobal(),
        entry.clusters(), entry.activeClusterName(), entry.failoverNotificationVersion()));
  }

  /** Fails the namespace over to {@code cluster} at {@code version}, in the store and the cache. */
  public void failOver(String id, String cluster, long version) {
    NamespaceEntry entry = byId(id);
    put(entry.failedOver(cluster, version, entry.failoverNotificationVersion() + 1));
  }

  /** Changes the stored namespace only: this process has not refreshed its view yet. */
  public void changeStoredOnly(NamespaceEntry entry) {
    stored.put(entry.id(), entry);
  }

  /** Changes this process's view only: it is older (or newer) than the store. */
  public void changeCachedOnly(NamespaceEntry entry) {
    cached.put(entry.id(), entry);
  }

  /** Puts the namespace under its own limits, as a namespace-constrained dynamic config would. */
  public void setLimits(String id, WorkflowLimits limits) {
    NamespaceEntry entry = byId(id);
    put(new NamespaceEntry(id, entry.name(), entry.failoverVersion(), entry.retention(), limits,
        entry.isGlobal(), entry.clusters(), entry.activeClusterName(), entry.failoverNotificationVersion()));
  }

  /** How often a caller forced a reload. */
  public int reloads() {
    return reloads.get();
  }

  @Override
  public NamespaceEntry byId(String namespaceId) {
    NamespaceEntry entry = cached.get(namespaceId);
    if (entry == null) {
      throw new NamespaceNotFoundException(namespaceId);
    }
    return entry;
  }

  @Override
  public NamespaceEntry reload(String namespaceId) {
    reloads.incrementAndGet();
    NamespaceEntry entry = stored.get(namespaceId);
    if (entry == null) {
      throw new NamespaceNotFoundException(namespaceId);
    }
    cached.put(namespaceId, entry);
    return entry;
  }

  @Override
  public String currentCluster() {
    return currentCluster;
  }

  private FixedNamespaces put(NamespaceEntry entry) {
    stored.put(entry.id(), entry);
    cached.put(entry.id(), entry);
    return this;
  }
}
