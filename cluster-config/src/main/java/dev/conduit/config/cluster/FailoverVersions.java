package dev.conduit.config.cluster;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Failover version arithmetic (invariant 6 of DESIGN.md). Cluster C owns initial version i_C, with all
 * i_C distinct and in 1..increment-1; a version v belongs to the cluster with i_C = v mod increment.
 * Version {@link #EMPTY_VERSION} (0) is the version of a local, non-replicated namespace and belongs to
 * the current cluster.
 *
 * <p>Worked example, increment 10, A = 1, B = 2: a namespace registered on A gets version 1; failing it
 * over to B moves it to 2, back to A to 11, to B again to 12.
 *
 * <p>Failing over to the cluster that already owns the version returns the version unchanged, as
 * Temporal's {@code GetNextFailoverVersion} does: a repeated or retried failover request is then a
 * no-op instead of a needless version bump that standbys would treat as a new failover.
 */
public final class FailoverVersions {

  /** The version of local namespaces, owned by whichever cluster they live in. */
  public static final long EMPTY_VERSION = 0;

  private final long increment;
  private final Map<String, Long> initialVersions;
  private final Map<Long, String> clusterByInitialVersion = new HashMap<>();
  private final String currentCluster;

  /**
   * @throws IllegalArgumentException if the increment is below 2, an initial version is outside
   *     1..increment-1 or shared by two clusters, or the current cluster is not among them
   */
  public FailoverVersions(long increment, Map<String, Long> initialVersions, String currentCluster) {
    if (increment < 2) {
      throw new IllegalArgumentException("failover version increment must be at least 2, was " + increment);
    }
    this.increment = increment;
    this.initialVersions = Collections.unmodifiableMap(new LinkedHashMap<>(initialVersions));
    this.currentCluster = Objects.requireNonNull(currentCluster, "currentCluster");
    initialVersions.forEach((cluster, initial) -> {
      if (initial < 1 || initial >= increment) {
        throw new IllegalArgumentException("initial failover version " + initial + " of cluster " + cluster
            + " is not in 1.." + (increment - 1));
      }
      String other = clusterByInitialVersion.putIfAbsent(initial, cluster);
      if (other != null) {
        throw new IllegalArgumentException(
            "clusters " + other + " and " + cluster + " share initial failover version " + initial);
      }
    });
    if (!initialVersions.containsKey(currentCluster)) {
      throw new IllegalArgumentException("current cluster " + currentCluster + " is not a known cluster");
    }
  }

  /** The arithmetic of a validated {@code clusterMetadata} section. */
  public static FailoverVersions from(ClusterMetadataConfig metadata) {
    Map<String, Long> initial = new LinkedHashMap<>();
    metadata.clusterInformation().forEach((name, info) -> initial.put(name, info.initialFailoverVersion()));
    return new FailoverVersions(metadata.failoverVersionIncrement(), initial, metadata.currentClusterName());
  }

  public long increment() {
    return increment;
  }

  public String currentCluster() {
    return currentCluster;
  }

  /** The version a cluster owns first, which is also the version of namespaces registered there. */
  public long initialVersion(String cluster) {
    Long initial = initialVersions.get(cluster);
    if (initial == null) {
      throw new IllegalArgumentException("unknown cluster '" + cluster + "'; known clusters are "
          + initialVersions.keySet());
    }
    return initial;
  }

  /** The cluster that owns {@code version}: the only one that may write events at that version. */
  public String clusterOf(long version) {
    requireNotNegative(version);
    if (version == EMPTY_VERSION) {
      return currentCluster;
    }
    String cluster = clusterByInitialVersion.get(version % increment);
    if (cluster == null) {
      throw new IllegalArgumentException("version " + version + " belongs to no known cluster (" + version
          + " mod " + increment + " = " + version % increment + ")");
    }
    return cluster;
  }

  /**
   * The version a namespace at {@code currentVersion} gets when failed over to {@code targetCluster}:
   * the smallest v' > currentVersion with v' mod increment = i_target, or {@code currentVersion} itself
   * when it already belongs to the target.
   */
  public long nextVersionFor(String targetCluster, long currentVersion) {
    requireNotNegative(currentVersion);
    long initial = initialVersion(targetCluster);
    long candidate = Math.addExact(currentVersion - currentVersion % increment, initial);
    return candidate < currentVersion ? Math.addExact(candidate, increment) : candidate;
  }

  /** True when both versions belong to the same cluster (whether or not it is a known one). */
  public boolean isSameCluster(long version1, long version2) {
    return residue(version1) == residue(version2);
  }

  /** True when this node's cluster owns the version, so it is the one that writes new events. */
  public boolean isCurrentCluster(long version) {
    return residue(version) == initialVersion(currentCluster);
  }

  private long residue(long version) {
    requireNotNegative(version);
    return version == EMPTY_VERSION ? initialVersion(currentCluster) : version % increment;
  }

  private static void requireNotNegative(long version) {
    if (version < 0) {
      throw new IllegalArgumentException("failover version must not be negative, was " + version);
    }
  }
}
