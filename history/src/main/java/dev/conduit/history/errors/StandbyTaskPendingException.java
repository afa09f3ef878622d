package dev.conduit.history.errors;

/**
 * A queue task of a namespace that is active in another cluster, or in HANDOVER: here it only waits. The active cluster's
 * events, replicated, make it obsolete; after a failover to this cluster it runs (its executor then checks it
 * against the state those events built).
 */
public final class StandbyTaskPendingException extends HistoryServiceException {
  private static final long serialVersionUID = 1L;

  private final String activeCluster;

  public StandbyTaskPendingException(String namespace, String activeCluster) {
    super("namespace " + namespace + " is active in cluster " + activeCluster + ": the task waits here", true);
    this.activeCluster = activeCluster;
  }

  private StandbyTaskPendingException(String message) {
    super(message, true);
    this.activeCluster = null;
  }

  /** A task of a namespace in HANDOVER: it waits until the graceful failover ends, here or in the target. */
  public static StandbyTaskPendingException inHandover(String namespace) {
    return new StandbyTaskPendingException("namespace " + namespace + " is in HANDOVER (a graceful failover): the task waits");
  }

  /** The cluster whose events the task waits for; empty in HANDOVER (this cluster is still the active one). */
  public java.util.Optional<String> activeCluster() {
    return java.util.Optional.ofNullable(activeCluster);
  }
}
