package dev.conduit.config.internal;

import dev.conduit.config.HostPort;
import dev.conduit.config.cluster.ClusterInformation;
import dev.conduit.config.cluster.ClusterMetadataConfig;
import dev.conduit.config.cluster.DcRedirectionConfig;
import dev.conduit.config.cluster.ReplicationConsumerType;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads and checks {@code clusterMetadata} and {@code dcRedirectionPolicy}. */
final class ClusterSection {

  private static final String PREFIX = "clusterMetadata.clusterInformation.";

  private ClusterSection() {}

  static ClusterMetadataConfig parseMetadata(Section metadata) {
    ReplicationConsumerType consumer = Checks.choice(metadata.sectionOrEmpty("replicationConsumer"),
        "type", ReplicationConsumerType.values(), ReplicationConsumerType::configName,
        ReplicationConsumerType.KAFKA);
    boolean enableGlobalNamespace = metadata.bool("enableGlobalNamespace", false);
    long increment = metadata.longValue("failoverVersionIncrement");
    String master = metadata.string("masterClusterName");
    String current = metadata.string("currentClusterName");
    if (!metadata.has("clusterInformation")) {
      metadata.error("clusterInformation", "is required");
    }
    Map<String, ClusterInformation> clusters = new LinkedHashMap<>();
    metadata.namedSections("clusterInformation").forEach((name, cluster) -> clusters.put(name,
        new ClusterInformation(
            cluster.bool("enabled", false),
            cluster.longValue("initialFailoverVersion"),
            rpcName(cluster),
            cluster.optionalParsed("rpcAddress", HostPort::parse))));
    if (clusters.isEmpty() && metadata.has("clusterInformation")) {
      metadata.error("clusterInformation", "must define at least the current cluster");
    }
    return new ClusterMetadataConfig(enableGlobalNamespace, consumer, increment, master, current, clusters);
  }

  static DcRedirectionConfig parseRedirection(Section redirection) {
    return new DcRedirectionConfig(
        Checks.choice(redirection, "policy", DcRedirectionConfig.Policy.values(),
            DcRedirectionConfig.Policy::configName, DcRedirectionConfig.Policy.NOOP),
        redirection.parsed("toDC", text -> {
          if (!text.isEmpty()) {
            throw new IllegalArgumentException("is not implemented by Conduit (forwarding goes to the cluster where the"
                + " namespace is active); remove it or leave it empty");
          }
          return text;
        }, ""));
  }

  /** The frontend is the only service a remote cluster is reached at. */
  private static String rpcName(Section cluster) {
    return cluster.parsed("rpcName", text -> {
      if (!text.equals(ClusterInformation.DEFAULT_RPC_NAME)) {
        throw new IllegalArgumentException("'" + text + "' is not implemented by Conduit: a remote cluster is reached"
            + " at its frontend; remove the key or set it to " + ClusterInformation.DEFAULT_RPC_NAME);
      }
      return text;
    }, ClusterInformation.DEFAULT_RPC_NAME);
  }

  /** Invariant 6 of DESIGN.md in config form, plus the names that must refer to known clusters. */
  static void validate(ClusterMetadataConfig metadata, DcRedirectionConfig redirection, Errors errors) {
    long increment = metadata.failoverVersionIncrement();
    if (increment < 2) {
      errors.add("clusterMetadata.failoverVersionIncrement",
          "must be at least 2 (initial failover versions lie in 1..increment-1), was " + increment);
    }
    Map<String, ClusterInformation> clusters = metadata.clusterInformation();
    checkClusterName("clusterMetadata.currentClusterName", metadata.currentClusterName(), clusters, errors);
    checkClusterName("clusterMetadata.masterClusterName", metadata.masterClusterName(), clusters, errors);
    if (!redirection.toDC().isEmpty() && !clusters.containsKey(redirection.toDC())) {
      errors.add("dcRedirectionPolicy.toDC", "names cluster '" + redirection.toDC()
          + "', which is not in clusterMetadata.clusterInformation " + clusters.keySet());
    }
    Map<Long, String> ownerOfVersion = new HashMap<>();
    clusters.forEach((name, cluster) -> {
      long initial = cluster.initialFailoverVersion();
      String path = PREFIX + name + ".initialFailoverVersion";
      if (increment >= 2 && (initial < 1 || initial >= increment)) {
        errors.add(path, "must be in 1.." + (increment - 1) + " (below failoverVersionIncrement "
            + increment + "), was " + initial);
      } else {
        String owner = ownerOfVersion.putIfAbsent(initial, name);
        if (owner != null) {
          errors.add(path, "duplicates the initialFailoverVersion " + initial + " of cluster '" + owner
              + "'; each cluster needs its own");
        }
      }
      if (cluster.enabled() && cluster.rpcAddress().isEmpty()) {
        errors.add(PREFIX + name + ".rpcAddress", "is required for an enabled cluster");
      }
    });
  }

  private static void checkClusterName(
      String path, String name, Map<String, ClusterInformation> clusters, Errors errors) {
    if (name.isEmpty() || clusters.isEmpty()) {
      return;
    }
    ClusterInformation cluster = clusters.get(name);
    if (cluster == null) {
      errors.add(path, "names cluster '" + name
          + "', which is not in clusterMetadata.clusterInformation " + clusters.keySet());
    } else if (!cluster.enabled()) {
      errors.add(path, "names cluster '" + name + "', which is not enabled");
    }
  }
}
