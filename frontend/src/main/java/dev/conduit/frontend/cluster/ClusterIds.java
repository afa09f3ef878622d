package dev.conduit.frontend.cluster;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A Conduit cluster's id: a name-based UUID of its name, so every node of the cluster reports the same id
 * without one being stored.
 */
public final class ClusterIds {
  private ClusterIds() {}

  public static String of(String clusterName) {
    return UUID.nameUUIDFromBytes(("conduit-cluster:" + clusterName).getBytes(StandardCharsets.UTF_8)).toString();
  }
}
