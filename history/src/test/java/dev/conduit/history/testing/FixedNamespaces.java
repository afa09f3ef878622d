package dev.conduit.history.testing;

import dev.conduit.history.NamespaceEntry;
import dev.conduit.history.NamespaceLookup;
import dev.conduit.history.WorkflowLimits;
import dev.conduit.history.errors.NamespaceNotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Namespaces a test registers; their failover version can be moved to simulate a failover. */
public final class FixedNamespaces implements NamespaceLookup {
  private final Map<String, NamespaceEntry> byId = new ConcurrentHashMap<>();

  public FixedNamespaces add(String id, String name, long failoverVersion) {
    byId.put(id, new NamespaceEntry(id, name, failoverVersion, Duration.ofDays(1)));
    return this;
  }

  /** A global namespace replicated to {@code clusters}, active in the first. */
  public FixedNamespaces addGlobal(String id, String name, long failoverVersion, List<String> clusters) {
    byId.put(id, new NamespaceEntry(id, name, failoverVersion, Duration.ofDays(1), null, true, clusters, clusters.get(0)));
    return this;
  }

  public void setFailoverVersion(String id, long version) {
    NamespaceEntry entry = byId.get(id);
    byId.put(id, new NamespaceEntry(id, entry.name(), version, entry.retention(), entry.limits(), entry.isGlobal(),
        entry.clusters(), entry.activeClusterName()));
  }

  /** Puts the namespace under its own limits, as a namespace-constrained dynamic config would. */
  public void setLimits(String id, WorkflowLimits limits) {
    NamespaceEntry entry = byId.get(id);
    byId.put(id, new NamespaceEntry(id, entry.name(), entry.failoverVersion(), entry.retention(), limits,
        entry.isGlobal(), entry.clusters(), entry.activeClusterName()));
  }

  @Override
  public NamespaceEntry byId(String namespaceId) {
    NamespaceEntry entry = byId.get(namespaceId);
    if (entry == null) {
      throw new NamespaceNotFoundException(namespaceId);
    }
    return entry;
  }
}
