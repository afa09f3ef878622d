package dev.conduit.history;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A namespace as history sees it: every event written for it carries {@code failoverVersion}, the
 * namespace's failover version at write time (invariant 3).
 *
 * @param limits the namespace's per-run limits (from dynamic config), or null for the history
 *     configuration's own
 * @param isGlobal replicated to {@code clusters}; a local namespace has no clusters listed
 */
public record NamespaceEntry(String id, String name, long failoverVersion, Duration retention, WorkflowLimits limits,
    boolean isGlobal, List<String> clusters, String activeClusterName) {
  public NamespaceEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(retention, "retention");
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
  }

  /** A namespace under the history configuration's limits. */
  public NamespaceEntry(String id, String name, long failoverVersion, Duration retention) {
    this(id, name, failoverVersion, retention, null);
  }

  /** A local namespace. */
  public NamespaceEntry(String id, String name, long failoverVersion, Duration retention, WorkflowLimits limits) {
    this(id, name, failoverVersion, retention, limits, false, List.of(), "");
  }

  /** Whether its changes are replicated: global and known to more than one cluster. */
  public boolean replicates() {
    return isGlobal && clusters.size() > 1;
  }

  /** {@code config} with this namespace's limits in force. */
  public HistoryConfig applyTo(HistoryConfig config) {
    return limits == null ? config : config.withWorkflowLimits(limits);
  }
}
