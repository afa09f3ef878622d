package dev.conduit.history;

import java.time.Duration;
import java.util.Objects;

/**
 * A namespace as history sees it: every event written for it carries {@code failoverVersion}, the
 * namespace's failover version at write time (invariant 3).
 *
 * @param limits the namespace's per-run limits (from dynamic config), or null for the history
 *     configuration's own
 */
public record NamespaceEntry(String id, String name, long failoverVersion, Duration retention, WorkflowLimits limits) {
  public NamespaceEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(retention, "retention");
  }

  /** A namespace under the history configuration's limits. */
  public NamespaceEntry(String id, String name, long failoverVersion, Duration retention) {
    this(id, name, failoverVersion, retention, null);
  }

  /** {@code config} with this namespace's limits in force. */
  public HistoryConfig applyTo(HistoryConfig config) {
    return limits == null ? config : config.withWorkflowLimits(limits);
  }
}
