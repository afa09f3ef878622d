package dev.conduit.history.shard;

import dev.conduit.history.NamespaceEntry;
import dev.conduit.history.NamespaceLookup;
import dev.conduit.history.errors.NamespaceHandoverException;
import dev.conduit.history.errors.NamespaceNotActiveException;
import dev.conduit.history.errors.StaleNamespaceException;

/**
 * The namespace view a write of this cluster goes under: the one place where every state change of the
 * shard (API calls and queue tasks alike) learns whether it may write. A global namespace active in
 * another cluster refuses the write (invariants 6 and 7); a view whose failover version is below the
 * run's last write version has missed a failover the run has seen, so it is reloaded once before it is
 * trusted, and refused as retryable if still behind.
 */
final class WriteNamespaces {
  private final NamespaceLookup namespaces;

  WriteNamespaces(NamespaceLookup namespaces) {
    this.namespaces = namespaces;
  }

  /**
   * The view to change a run whose events so far end at {@code lastWriteVersion}; {@code endsWorkflowTask}: the
   * change ends a started workflow task, which HANDOVER lets through (it flushes the signals buffered behind it).
   */
  NamespaceEntry forUpdate(String namespaceId, long lastWriteVersion, boolean endsWorkflowTask) {
    NamespaceEntry namespace = namespaces.byId(namespaceId);
    if (namespace.failoverVersion() < lastWriteVersion) {
      namespace = namespaces.reload(namespaceId);
      if (namespace.failoverVersion() < lastWriteVersion) {
        throw new StaleNamespaceException(namespace.name(), namespace.failoverVersion(), lastWriteVersion);
      }
    }
    if (endsWorkflowTask) {
      requireActiveIgnoringHandover(namespace);
    } else {
      requireActive(namespace);
    }
    return namespace;
  }

  /** Refuses a write to a namespace that is not active here, or is in HANDOVER (retryable). */
  void requireActive(NamespaceEntry namespace) {
    requireActiveIgnoringHandover(namespace);
    if (namespace.inHandover()) {
      throw new NamespaceHandoverException(namespace.name());
    }
  }

  private void requireActiveIgnoringHandover(NamespaceEntry namespace) {
    String current = namespaces.currentCluster();
    if (!namespace.isActiveIn(current)) {
      throw new NamespaceNotActiveException(namespace.name(), current, namespace.activeClusterName());
    }
  }
}
