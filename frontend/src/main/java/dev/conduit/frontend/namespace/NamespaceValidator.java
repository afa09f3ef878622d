package dev.conduit.frontend.namespace;

import dev.conduit.config.cluster.ClusterInformation;
import dev.conduit.config.cluster.ClusterMetadataConfig;
import dev.conduit.config.dynamic.DynamicConfig;
import dev.conduit.config.dynamic.DynamicKeys;
import dev.conduit.frontend.errors.InvalidArgumentException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a namespace's name, retention and replication settings obey, checked before anything is
 * written. Each failure is an {@link InvalidArgumentException} naming the request field.
 */
public final class NamespaceValidator {
  public static final int MAX_NAME_LENGTH = 1000;
  public static final Duration MIN_RETENTION = Duration.ofDays(1);
  // names appear in metrics, logs, URLs and CLI arguments: keep them to unambiguous characters
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final ClusterMetadataConfig metadata;
  private final DynamicConfig dynamicConfig;

  public NamespaceValidator(ClusterMetadataConfig metadata) {
    this(metadata, DynamicConfig.defaults());
  }

  public NamespaceValidator(ClusterMetadataConfig metadata, DynamicConfig dynamicConfig) {
    this.metadata = metadata;
    this.dynamicConfig = dynamicConfig;
  }

  /**
   * The shortest retention a namespace may have: {@code system.namespaceMinRetentionLocal} or
   * {@code ...Global}, one day unless the operator lowered it (tests do, to see runs deleted).
   */
  public Duration minRetention(boolean global) {
    return dynamicConfig.get(global ? DynamicKeys.NAMESPACE_MIN_RETENTION_GLOBAL : DynamicKeys.NAMESPACE_MIN_RETENTION_LOCAL);
  }

  /** @return the retention as a Java duration, at least {@link #minRetention} */
  public Duration validateRetention(String field, com.google.protobuf.Duration retention, boolean global) {
    return validateRetention(field, retention, minRetention(global));
  }

  public static void validateName(String field, String name) {
    if (name == null || name.isEmpty()) {
      throw new InvalidArgumentException(field, "a namespace name is required");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new InvalidArgumentException(field, "namespace name is " + name.length() + " characters long, the limit is "
          + MAX_NAME_LENGTH);
    }
    if (!NAME.matcher(name).matches()) {
      throw new InvalidArgumentException(field, "namespace name '" + name + "' may only contain letters, digits, '.', '_'"
          + " and '-', and must start with a letter or digit");
    }
  }

  /** @return the retention as a Java duration, at least the default {@link #MIN_RETENTION} */
  public static Duration validateRetention(String field, com.google.protobuf.Duration retention) {
    return validateRetention(field, retention, MIN_RETENTION);
  }

  private static Duration validateRetention(String field, com.google.protobuf.Duration retention, Duration minimum) {
    long seconds = retention.getSeconds();
    int nanos = retention.getNanos();
    if (nanos <= -1_000_000_000 || nanos >= 1_000_000_000 || (seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0)) {
      throw new InvalidArgumentException(field, "not a valid duration (seconds " + seconds + ", nanos " + nanos + ")");
    }
    Duration value = Duration.ofSeconds(seconds, nanos);
    if (value.isNegative()) {
      throw new InvalidArgumentException(field, "retention must not be negative, was " + value);
    }
    if (value.compareTo(minimum) < 0) {
      throw new InvalidArgumentException(field, "retention must be at least " + describe(minimum) + ", was " + value);
    }
    return value;
  }

  private static String describe(Duration minimum) {
    return minimum.equals(Duration.ofDays(1)) ? "1 day (86400s)" : minimum.toSeconds() + "s";
  }

  /** Global namespaces need {@code clusterMetadata.enableGlobalNamespace}. */
  public void requireGlobalEnabled(String field) {
    if (!metadata.enableGlobalNamespace()) {
      throw new InvalidArgumentException(field, "global namespaces are not enabled on cluster '"
          + metadata.currentClusterName() + "' (clusterMetadata.enableGlobalNamespace is false)");
    }
  }

  /** Global namespaces are registered on the master cluster, which replicates them to the others. */
  public void requireMasterCluster(String field) {
    if (!metadata.isMasterCluster()) {
      throw new InvalidArgumentException(field, "cluster '" + metadata.currentClusterName()
          + "' is not the master cluster; register global namespaces on '" + metadata.masterClusterName() + "'");
    }
  }

  /** Config changes of a global namespace are made on the master cluster, which replicates them. */
  public void requireMasterForUpdate(String field) {
    if (!metadata.isMasterCluster()) {
      throw new InvalidArgumentException(field, "cluster '" + metadata.currentClusterName()
          + "' is not the master cluster; update the config of global namespaces on '" + metadata.masterClusterName()
          + "' (a failover, alone, may be sent to any cluster of the namespace)");
    }
  }

  /** The name of the cluster this frontend belongs to. */
  public String currentCluster() {
    return metadata.currentClusterName();
  }

  /**
   * A local namespace lives in the current cluster only; a global one is active in one of its clusters,
   * all of them known and enabled.
   */
  public void validateReplication(
      boolean isGlobal, String active, List<String> clusters, String activeField, String clustersField) {
    requireKnownCluster(activeField, active);
    Set<String> seen = new HashSet<>();
    for (String cluster : clusters) {
      requireKnownCluster(clustersField, cluster);
      if (!seen.add(cluster)) {
        throw new InvalidArgumentException(clustersField, "cluster '" + cluster + "' is listed twice");
      }
    }
    String current = metadata.currentClusterName();
    if (!isGlobal && !(active.equals(current) && clusters.equals(List.of(current)))) {
      throw new InvalidArgumentException(active.equals(current) ? clustersField : activeField,
          "a local namespace lives in the current cluster '" + current + "' only (active '" + active
              + "', clusters " + clusters + "); make it global to replicate it");
    }
    if (!clusters.contains(active)) {
      throw new InvalidArgumentException(activeField, "active cluster '" + active
          + "' is not one of the namespace's clusters " + clusters);
    }
  }

  private void requireKnownCluster(String field, String cluster) {
    ClusterInformation info = metadata.clusterInformation().get(cluster);
    if (info == null) {
      throw new InvalidArgumentException(field, "unknown cluster '" + cluster + "'; known clusters are "
          + metadata.clusterInformation().keySet());
    }
    if (!info.enabled()) {
      throw new InvalidArgumentException(field, "cluster '" + cluster + "' is disabled in clusterMetadata");
    }
  }
}
