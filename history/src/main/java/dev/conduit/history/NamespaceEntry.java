package dev.conduit.history;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A namespace as history sees it: every event written for it carries {@code failoverVersion}, the
 * namespace's failover version at write time (invariant 3), and only the cluster it is active in writes.
 *
 * @param limits the namespace's per-run limits (from dynamic config), or null for the history
 *     configuration's own
 * @param isGlobal replicated to {@code clusters}; a local namespace has no clusters listed
 * @param activeClusterName the cluster a global namespace is active in (the one that writes its runs)
 * @param failoverNotificationVersion the namespace-table notification version of its last failover
 * @param inHandover a graceful failover is waiting for the target cluster: the active cluster writes nothing
 * @param customSearchAttributes the search attributes an operator registered for it (name to IndexedValueType
 *     number), on top of the predefined ones
 */
public record NamespaceEntry(String id, String name, long failoverVersion, Duration retention, WorkflowLimits limits,
    boolean isGlobal, List<String> clusters, String activeClusterName, long failoverNotificationVersion,
    boolean inHandover, Map<String, Integer> customSearchAttributes) {
  public NamespaceEntry {
    customSearchAttributes = customSearchAttributes == null ? Map.of() : Map.copyOf(customSearchAttributes);
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(retention, "retention");
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
    activeClusterName = activeClusterName == null ? "" : activeClusterName;
  }

  /** A namespace with only the predefined search attributes. */
  public NamespaceEntry(String id, String name, long failoverVersion, Duration retention, WorkflowLimits limits,
      boolean isGlobal, List<String> clusters, String activeClusterName, long failoverNotificationVersion,
      boolean inHandover) {
    this(id, name, failoverVersion, retention, limits, isGlobal, clusters, activeClusterName,
        failoverNotificationVersion, inHandover, Map.of());
  }

  /** A namespace not in HANDOVER. */
  public NamespaceEntry(String id, String name, long failoverVersion, Duration retention, WorkflowLimits limits,
      boolean isGlobal, List<String> clusters, String activeClusterName, long failoverNotificationVersion) {
    this(id, name, failoverVersion, retention, limits, isGlobal, clusters, activeClusterName,
        failoverNotificationVersion, false);
  }

  /** A namespace under the history configuration's limits. */
  public NamespaceEntry(String id, String name, long failoverVersion, Duration retention) {
    this(id, name, failoverVersion, retention, null);
  }

  /** A local namespace. */
  public NamespaceEntry(String id, String name, long failoverVersion, Duration retention, WorkflowLimits limits) {
    this(id, name, failoverVersion, retention, limits, false, List.of(), "");
  }

  /** A namespace that has never failed over. */
  public NamespaceEntry(String id, String name, long failoverVersion, Duration retention, WorkflowLimits limits,
      boolean isGlobal, List<String> clusters, String activeClusterName) {
    this(id, name, failoverVersion, retention, limits, isGlobal, clusters, activeClusterName, 0);
  }

  /** Whether its changes are replicated: global and known to more than one cluster. */
  public boolean replicates() {
    return isGlobal && clusters.size() > 1;
  }

  /** Whether {@code cluster} may write the namespace's runs: a local namespace is active wherever it is. */
  public boolean isActiveIn(String cluster) {
    return !isGlobal || activeClusterName.equals(cluster);
  }

  /** The same namespace failed over to {@code cluster} at {@code version}. */
  public NamespaceEntry failedOver(String cluster, long version, long notificationVersion) {
    return new NamespaceEntry(id, name, version, retention, limits, isGlobal, clusters, cluster, notificationVersion,
        false, customSearchAttributes);
  }

  /** {@code config} with this namespace's limits in force. */
  public HistoryConfig applyTo(HistoryConfig config) {
    return limits == null ? config : config.withWorkflowLimits(limits);
  }
}
