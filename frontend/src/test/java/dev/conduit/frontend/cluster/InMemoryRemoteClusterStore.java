package dev.conduit.frontend.cluster;

import dev.conduit.persistence.cluster.RemoteClusterConflictException;
import dev.conduit.persistence.cluster.RemoteClusterRecord;
import dev.conduit.persistence.cluster.RemoteClusterStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link RemoteClusterStore} in a map, with the same version conditions as the Cassandra one. */
final class InMemoryRemoteClusterStore implements RemoteClusterStore {
  private final Map<String, RemoteClusterRecord> records = new TreeMap<>();

  @Override
  public synchronized List<RemoteClusterRecord> list() {
    return List.copyOf(records.values());
  }

  @Override
  public synchronized Optional<RemoteClusterRecord> get(String clusterName) {
    return Optional.ofNullable(records.get(clusterName));
  }

  @Override
  public synchronized RemoteClusterRecord save(RemoteClusterRecord record, long expectedVersion) {
    long stored = get(record.clusterName()).map(RemoteClusterRecord::version).orElse(0L);
    if (stored != expectedVersion) {
      throw new RemoteClusterConflictException(record.clusterName(), expectedVersion);
    }
    RemoteClusterRecord saved = record.withVersion(expectedVersion + 1);
    records.put(record.clusterName(), saved);
    return saved;
  }

  @Override
  public synchronized boolean delete(String clusterName) {
    return records.remove(clusterName) != null;
  }
}
