package dev.conduit.config.cluster;

import dev.conduit.config.HostPort;
import java.util.Objects;
import java.util.Optional;

/**
 * One cluster of {@code clusterMetadata.clusterInformation}: whether this cluster talks to it, the
 * failover version it owns (see {@link FailoverVersions}), and its frontend's address, used for DC
 * redirection and replication. Enabled clusters always have an address.
 */
public record ClusterInformation(
    boolean enabled, long initialFailoverVersion, String rpcName, Optional<HostPort> rpcAddress) {

  public static final String DEFAULT_RPC_NAME = "frontend";

  public ClusterInformation {
    Objects.requireNonNull(rpcName, "rpcName");
    Objects.requireNonNull(rpcAddress, "rpcAddress");
  }
}
