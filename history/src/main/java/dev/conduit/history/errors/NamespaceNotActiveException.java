package dev.conduit.history.errors;

import dev.conduit.common.NamespaceNotActiveMessages;

/**
 * A write reached this cluster for a global namespace that is active in another one (invariant 6: only
 * the owner of the namespace's version writes). Not retryable here; the client must go to the active
 * cluster, which the edge tells it with {@code NamespaceNotActiveFailure}.
 */
public final class NamespaceNotActiveException extends HistoryServiceException {
  private static final long serialVersionUID = 1L;
  private final String namespace;
  private final String currentCluster;
  private final String activeCluster;

  public NamespaceNotActiveException(String namespace, String currentCluster, String activeCluster) {
    super(NamespaceNotActiveMessages.of(namespace, currentCluster, activeCluster), false);
    this.namespace = namespace;
    this.currentCluster = currentCluster;
    this.activeCluster = activeCluster;
  }

  public String namespace() {
    return namespace;
  }

  public String currentCluster() {
    return currentCluster;
  }

  public String activeCluster() {
    return activeCluster;
  }
}
