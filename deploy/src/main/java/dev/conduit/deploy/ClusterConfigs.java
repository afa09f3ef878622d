package dev.conduit.deploy;

import dev.conduit.config.ClusterConfig;

/** Small readings of a cluster config that several commands share. */
final class ClusterConfigs {
  private ClusterConfigs() {}

  /** Where SDK clients (and {@code conduit admin}) reach the cluster's frontend. */
  static String frontendOf(ClusterConfig config) {
    return config.publicClient().map(client -> client.hostPort()).orElse("127.0.0.1:7233");
  }
}
