package dev.conduit.history.errors;

/**
 * The namespace view is older than the run it would write: its failover version is below the run's last
 * write version, so this cluster has not yet seen the failover the run has. Retryable: the view is
 * reloaded, and a later call sees the namespace as the run does.
 */
public final class StaleNamespaceException extends HistoryServiceException {
  private static final long serialVersionUID = 1L;

  public StaleNamespaceException(String namespace, long namespaceVersion, long runVersion) {
    super("namespace " + namespace + " is known here at failover version " + namespaceVersion
        + ", older than the workflow's last write version " + runVersion + "; retry once the namespace has refreshed",
        true);
  }
}
