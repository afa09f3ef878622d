package dev.conduit.common;

/**
 * Temporal's message for a call that reached a cluster where its namespace is standby. SDKs and operators
 * match on it, so history and frontend both word it through here.
 */
public final class NamespaceNotActiveMessages {
  private NamespaceNotActiveMessages() {}

  public static String of(String namespace, String currentCluster, String activeCluster) {
    return "Namespace: " + namespace + " is active in cluster: " + activeCluster + ", while current cluster "
        + currentCluster + " is a standby cluster.";
  }
}
