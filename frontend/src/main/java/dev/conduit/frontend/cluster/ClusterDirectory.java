package dev.conduit.frontend.cluster;

import dev.conduit.config.cluster.ClusterInformation;
import dev.conduit.config.cluster.ClusterMetadataConfig;
import dev.conduit.persistence.cluster.RemoteClusterRecord;
import dev.conduit.persistence.cluster.RemoteClusterStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The clusters this frontend knows: the static {@code clusterMetadata.clusterInformation} of the config plus
 * the remote clusters stored through the OperatorService, read again at most every refresh interval (a
 * change made through another frontend shows within it; one made here at once). DC redirection finds the
 * active cluster's frontend address here.
 */
public final class ClusterDirectory {
  private final ClusterMetadataConfig metadata;
  private final int currentShardCount;
  private final Optional<RemoteClusterStore> store;
  private final Clock clock;
  private final Supplier<Duration> refreshInterval;
  private List<RemoteClusterRecord> added = List.of();
  private Instant readAt = Instant.MIN;

  public ClusterDirectory(ClusterMetadataConfig metadata, int currentShardCount, Optional<RemoteClusterStore> store,
      Clock clock, Supplier<Duration> refreshInterval) {
    this.metadata = metadata;
    this.currentShardCount = currentShardCount;
    this.store = store;
    this.clock = clock;
    this.refreshInterval = refreshInterval;
  }

  /** The config's clusters only: a frontend without a cluster store (tests, namespace-only frontends). */
  public static ClusterDirectory staticOnly(ClusterMetadataConfig metadata, int currentShardCount) {
    return new ClusterDirectory(metadata, currentShardCount, Optional.empty(), Clock.systemUTC(),
        () -> Duration.ofDays(1));
  }

  public String currentClusterName() {
    return metadata.currentClusterName();
  }

  public ClusterMetadataConfig metadata() {
    return metadata;
  }

  /** The store of added clusters, if this frontend has one. */
  public Optional<RemoteClusterStore> store() {
    return store;
  }

  /** Every known cluster: the current one first, then the others in config order, then the added ones by name. */
  public List<KnownCluster> all() {
    Map<String, KnownCluster> clusters = new LinkedHashMap<>();
    metadata.clusterInformation().forEach((name, info) -> clusters.put(name, fromConfig(name, info)));
    for (RemoteClusterRecord record : added()) {
      clusters.put(record.clusterName(), fromRecord(record));
    }
    List<KnownCluster> ordered = new ArrayList<>();
    ordered.add(clusters.remove(metadata.currentClusterName()));
    ordered.addAll(clusters.values());
    return ordered;
  }

  public Optional<KnownCluster> get(String name) {
    return all().stream().filter(cluster -> cluster.name().equals(name)).findFirst();
  }

  /** Forgets the cached added clusters, so the next read sees a change this frontend just made. */
  public synchronized void invalidate() {
    readAt = Instant.MIN;
  }

  private synchronized List<RemoteClusterRecord> added() {
    if (store.isEmpty()) {
      return List.of();
    }
    Instant now = clock.instant();
    if (readAt.equals(Instant.MIN) || !now.isBefore(readAt.plus(refreshInterval.get()))) {
      added = store.get().list();
      readAt = now;
    }
    return added;
  }

  private KnownCluster fromConfig(String name, ClusterInformation info) {
    boolean current = name.equals(metadata.currentClusterName());
    String address = info.rpcAddress().map(Object::toString).orElse("");
    return new KnownCluster(name, current ? ClusterIds.of(name) : "", address, info.initialFailoverVersion(),
        current ? currentShardCount : 0, info.enabled(),
        current ? KnownCluster.Source.CURRENT : KnownCluster.Source.CONFIG);
  }

  private static KnownCluster fromRecord(RemoteClusterRecord record) {
    return new KnownCluster(record.clusterName(), record.clusterId(), record.frontendAddress(),
        record.initialFailoverVersion(), record.historyShardCount(), record.connectionEnabled(),
        KnownCluster.Source.ADDED);
  }
}
