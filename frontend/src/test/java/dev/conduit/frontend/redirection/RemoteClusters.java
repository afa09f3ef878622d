package dev.conduit.frontend.redirection;

import dev.conduit.config.HostPort;
import dev.conduit.config.cluster.ClusterInformation;
import dev.conduit.config.cluster.ClusterMetadataConfig;
import dev.conduit.config.cluster.ReplicationConsumerType;
import dev.conduit.frontend.cluster.ClusterDirectory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Cluster metadata seen from {@code active} whose other clusters' frontends listen on the given ports. */
final class RemoteClusters {
  private RemoteClusters() {}

  /** {@code ports}: cluster name to frontend port, in initial failover version order 2, 3, ... */
  static ClusterDirectory directory(Map<String, Integer> ports) {
    Map<String, ClusterInformation> clusters = new LinkedHashMap<>();
    clusters.put("active", new ClusterInformation(true, 1, ClusterInformation.DEFAULT_RPC_NAME,
        Optional.of(new HostPort("127.0.0.1", 7233))));
    long version = 2;
    for (Map.Entry<String, Integer> remote : ports.entrySet()) {
      clusters.put(remote.getKey(), new ClusterInformation(true, version++, ClusterInformation.DEFAULT_RPC_NAME,
          Optional.of(new HostPort("127.0.0.1", remote.getValue()))));
    }
    ClusterMetadataConfig metadata =
        new ClusterMetadataConfig(true, ReplicationConsumerType.KAFKA, 10, "active", "active", clusters);
    return ClusterDirectory.staticOnly(metadata, 4);
  }

  /** Fast retries and a breaker that opens after three failures of three calls. */
  static ForwardingSettings fast(Duration callTimeout) {
    return new ForwardingSettings(callTimeout, Duration.ofSeconds(5), 3, Duration.ofMillis(1), Duration.ofMillis(5),
        3, 3, Duration.ofMinutes(1));
  }
}
