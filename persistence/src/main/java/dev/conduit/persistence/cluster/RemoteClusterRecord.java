package dev.conduit.persistence.cluster;

import java.time.Instant;
import java.util.Objects;

/**
 * A remote cluster as the operator added it: what its frontend's {@code GetClusterInfo} answered at the
 * time, the address it was reached at, whether this cluster may connect to it, and the row's version for
 * the next conditional write (0 for a record not stored yet).
 */
public record RemoteClusterRecord(
    String clusterName,
    String clusterId,
    String frontendAddress,
    long initialFailoverVersion,
    long failoverVersionIncrement,
    int historyShardCount,
    boolean connectionEnabled,
    Instant updatedTime,
    long version) {

  public RemoteClusterRecord {
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(frontendAddress, "frontendAddress");
    Objects.requireNonNull(updatedTime, "updatedTime");
  }

  /** The same record at another stored version. */
  public RemoteClusterRecord withVersion(long newVersion) {
    return new RemoteClusterRecord(clusterName, clusterId, frontendAddress, initialFailoverVersion,
        failoverVersionIncrement, historyShardCount, connectionEnabled, updatedTime, newVersion);
  }
}
