package dev.conduit.frontend.cluster;

import dev.conduit.frontend.errors.InvalidArgumentException;
import io.temporal.api.workflowservice.v1.GetClusterInfoResponse;

/**
 * What a remote cluster must be to join this one's group, checked on its {@code GetClusterInfo} answer before
 * anything is stored: another cluster than this one, the same failover version increment, an initial failover
 * version below the increment that no other known cluster owns (and the config's, if the config names it), and
 * a history shard count that divides or is a multiple of ours, as Temporal requires.
 */
public final class RemoteClusterChecks {
  private final ClusterDirectory directory;
  private final int currentShardCount;

  public RemoteClusterChecks(ClusterDirectory directory, int currentShardCount) {
    this.directory = directory;
    this.currentShardCount = currentShardCount;
  }

  /** Throws {@link InvalidArgumentException} saying what conflicts; returns normally if the remote may join. */
  public void check(String address, GetClusterInfoResponse remote) {
    String name = remote.getClusterName();
    long increment = directory.metadata().failoverVersionIncrement();
    if (name.isEmpty()) {
      throw invalid(address, "answered without a cluster name");
    }
    if (name.equals(directory.currentClusterName())) {
      throw invalid(address, "is this cluster (" + name + "); only other clusters can be added as remotes");
    }
    if (remote.getFailoverVersionIncrement() != increment) {
      throw invalid(address, "cluster " + name + " has failover version increment " + remote.getFailoverVersionIncrement()
          + ", this cluster " + increment + "; all clusters of a group need the same");
    }
    long initial = remote.getInitialFailoverVersion();
    if (initial < 1 || initial >= increment) {
      throw invalid(address, "cluster " + name + " has initial failover version " + initial + ", not in 1.." + (increment - 1));
    }
    for (KnownCluster known : directory.all()) {
      if (known.name().equals(name) && known.source() == KnownCluster.Source.CONFIG
          && known.initialFailoverVersion() != initial) {
        throw invalid(address, "cluster " + name + " has initial failover version " + initial
            + ", but the config's clusterMetadata.clusterInformation gives it " + known.initialFailoverVersion());
      }
      if (!known.name().equals(name) && known.initialFailoverVersion() == initial) {
        throw invalid(address, "cluster " + name + " has initial failover version " + initial
            + ", which cluster " + known.name() + " already owns");
      }
    }
    int shards = remote.getHistoryShardCount();
    if (shards <= 0) {
      throw invalid(address, "cluster " + name + " reports " + shards + " history shards");
    }
    int large = Math.max(shards, currentShardCount);
    int small = Math.min(shards, currentShardCount);
    if (large % small != 0) {
      throw invalid(address, "cluster " + name + " has " + shards + " history shards and this cluster "
          + currentShardCount + "; one count must be a multiple of the other");
    }
  }

  private static InvalidArgumentException invalid(String address, String problem) {
    return new InvalidArgumentException("frontend_address", "the frontend at " + address + " " + problem);
  }
}
