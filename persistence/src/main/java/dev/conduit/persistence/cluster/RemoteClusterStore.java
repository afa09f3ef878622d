package dev.conduit.persistence.cluster;

import java.util.List;
import java.util.Optional;

/**
 * Durable remote clusters (schema v7), one record per cluster name. Writes are conditioned on the version the
 * caller read, so a concurrent change is detected instead of overwritten.
 *
 * <p>Errors are {@link dev.conduit.persistence.PersistenceException}s that say whether to retry.
 */
public interface RemoteClusterStore {

  /** Every stored remote cluster, in name order. */
  List<RemoteClusterRecord> list();

  Optional<RemoteClusterRecord> get(String clusterName);

  /**
   * Stores {@code record} if the stored version is still {@code expectedVersion} (0: no record yet).
   *
   * @return the record as stored, with its new version
   * @throws RemoteClusterConflictException if another write came first
   */
  RemoteClusterRecord save(RemoteClusterRecord record, long expectedVersion);

  /** Deletes the record of {@code clusterName}; true if there was one. */
  boolean delete(String clusterName);
}
