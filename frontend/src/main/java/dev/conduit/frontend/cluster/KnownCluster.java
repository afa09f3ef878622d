package dev.conduit.frontend.cluster;

import java.util.Objects;

/**
 * One cluster this frontend knows: the current one, one of the config's {@code clusterInformation}, or one an
 * operator added through {@code AddOrUpdateRemoteCluster} (which wins over the config's entry of the same
 * name). The id and shard count of a config-only remote are unknown (empty and 0): nothing asked it yet.
 */
public record KnownCluster(
    String name,
    String clusterId,
    String address,
    long initialFailoverVersion,
    int historyShardCount,
    boolean connectionEnabled,
    Source source) {

  public KnownCluster {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(source, "source");
  }

  /** Where this frontend learnt of the cluster. */
  public enum Source {
    /** This cluster itself. */
    CURRENT,
    /** {@code clusterMetadata.clusterInformation} of the config. */
    CONFIG,
    /** Added through the OperatorService and stored in {@code remote_clusters}. */
    ADDED
  }
}
