package dev.conduit.frontend.errors;

import dev.conduit.common.NamespaceNotActiveMessages;

/**
 * A call that writes to a global namespace reached a cluster that is standby for it (invariant 8 of the
 * design, with the {@code noop} redirection policy); becomes {@code FAILED_PRECONDITION} with
 * {@code NamespaceNotActiveFailure}, from which SDKs and redirection learn the active cluster.
 */
public final class NamespaceNotActiveException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String namespace;
  private final String currentCluster;
  private final String activeCluster;

  public NamespaceNotActiveException(String namespace, String currentCluster, String activeCluster) {
    super(NamespaceNotActiveMessages.of(namespace, currentCluster, activeCluster));
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
