package dev.conduit.frontend;

import dev.conduit.config.HostPort;
import dev.conduit.config.cluster.ClusterInformation;
import dev.conduit.config.cluster.ClusterMetadataConfig;
import dev.conduit.config.cluster.ReplicationConsumerType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Cluster metadata of a two-cluster replication group (active 1, standby 2, increment 10) for tests. */
public final class TestClusters {
  public static final String ACTIVE = "active";
  public static final String STANDBY = "standby";
  public static final long INCREMENT = 10;

  private TestClusters() {}

  /** Seen from {@code current}, with global namespaces on and {@link #ACTIVE} the master. */
  public static ClusterMetadataConfig metadata(String current) {
    return metadata(current, true);
  }

  public static ClusterMetadataConfig metadata(String current, boolean globalEnabled) {
    Map<String, ClusterInformation> clusters = new LinkedHashMap<>();
    clusters.put(ACTIVE, new ClusterInformation(true, 1, ClusterInformation.DEFAULT_RPC_NAME,
        Optional.of(new HostPort("127.0.0.1", 7233))));
    clusters.put(STANDBY, new ClusterInformation(true, 2, ClusterInformation.DEFAULT_RPC_NAME,
        Optional.of(new HostPort("127.0.0.1", 8233))));
    return new ClusterMetadataConfig(globalEnabled, ReplicationConsumerType.KAFKA, INCREMENT, ACTIVE, current, clusters);
  }

  /** A clock that moves only when told. */
  public static final class MutableClock extends Clock {
    private Instant now;

    public MutableClock(Instant start) {
      this.now = start;
    }

    public synchronized void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public synchronized Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
