package dev.conduit.persistence.cluster;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.conduit.persistence.OutcomeUnknownException;
import dev.conduit.persistence.cassandra.CassandraErrors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link RemoteClusterStore} on the {@code remote_clusters} table (schema v7): one row per cluster, written
 * with {@code IF NOT EXISTS} the first time and {@code IF version = ?} after, the version moving by one.
 * The table holds a handful of rows, so a list reads it whole.
 */
public final class CassandraRemoteClusterStore implements RemoteClusterStore {
  private static final String COLUMNS = "cluster_name, cluster_id, frontend_address, initial_failover_version,"
      + " failover_version_increment, history_shard_count, connection_enabled, updated_time, version";

  private final CqlSession session;
  private final PreparedStatement insert;
  private final PreparedStatement update;
  private final PreparedStatement select;
  private final PreparedStatement selectAll;
  private final PreparedStatement delete;

  /** {@code session} is bound to the cluster's keyspace, at schema version 7 or later. */
  public CassandraRemoteClusterStore(CqlSession session) {
    this.session = session;
    this.insert = run(() -> session.prepare("INSERT INTO remote_clusters (" + COLUMNS + ")"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS"));
    this.update = run(() -> session.prepare("UPDATE remote_clusters SET cluster_id = ?, frontend_address = ?,"
        + " initial_failover_version = ?, failover_version_increment = ?, history_shard_count = ?,"
        + " connection_enabled = ?, updated_time = ?, version = ? WHERE cluster_name = ? IF version = ?"));
    this.select = run(() -> session.prepare("SELECT " + COLUMNS + " FROM remote_clusters WHERE cluster_name = ?"));
    this.selectAll = run(() -> session.prepare("SELECT " + COLUMNS + " FROM remote_clusters"));
    this.delete = run(() -> session.prepare("DELETE FROM remote_clusters WHERE cluster_name = ? IF EXISTS"));
  }

  @Override
  public List<RemoteClusterRecord> list() {
    List<RemoteClusterRecord> records = new ArrayList<>();
    for (Row row : run(() -> session.execute(selectAll.bind()))) {
      records.add(decode(row));
    }
    records.sort(Comparator.comparing(RemoteClusterRecord::clusterName));
    return records;
  }

  @Override
  public Optional<RemoteClusterRecord> get(String clusterName) {
    return Optional.ofNullable(run(() -> session.execute(select.bind(clusterName))).one())
        .map(CassandraRemoteClusterStore::decode);
  }

  @Override
  public RemoteClusterRecord save(RemoteClusterRecord record, long expectedVersion) {
    long next = expectedVersion + 1;
    ResultSet result;
    try {
      result = conditional(() -> session.execute(expectedVersion == 0
        ? insert.bind(record.clusterName(), record.clusterId(), record.frontendAddress(),
            record.initialFailoverVersion(), record.failoverVersionIncrement(), record.historyShardCount(),
            record.connectionEnabled(), record.updatedTime(), next)
        : update.bind(record.clusterId(), record.frontendAddress(), record.initialFailoverVersion(),
            record.failoverVersionIncrement(), record.historyShardCount(), record.connectionEnabled(),
            record.updatedTime(), next, record.clusterName(), expectedVersion)));
    } catch (OutcomeUnknownException e) {
      // applied if the row now holds our record at the next version; otherwise the caller must reload
      if (get(record.clusterName()).filter(found -> sameContent(found, record) && found.version() == next).isPresent()) {
        return record.withVersion(next);
      }
      throw e;
    }
    if (!result.wasApplied()) {
      throw new RemoteClusterConflictException(record.clusterName(), expectedVersion);
    }
    return record.withVersion(next);
  }

  @Override
  public boolean delete(String clusterName) {
    try {
      return conditional(() -> session.execute(delete.bind(clusterName))).wasApplied();
    } catch (OutcomeUnknownException e) {
      // deleting again is harmless; whether this call or its lost first attempt removed the row, it is gone
      return get(clusterName).isEmpty();
    }
  }

  private static RemoteClusterRecord decode(Row row) {
    return new RemoteClusterRecord(
        row.getString("cluster_name"),
        row.getString("cluster_id"),
        row.getString("frontend_address"),
        row.getLong("initial_failover_version"),
        row.getLong("failover_version_increment"),
        row.getInt("history_shard_count"),
        row.getBoolean("connection_enabled"),
        row.getInstant("updated_time"),
        row.getLong("version"));
  }

  /** The fields a save writes, apart from the version and the time (stored at millisecond precision). */
  private static boolean sameContent(RemoteClusterRecord a, RemoteClusterRecord b) {
    return a.clusterId().equals(b.clusterId())
        && a.frontendAddress().equals(b.frontendAddress())
        && a.initialFailoverVersion() == b.initialFailoverVersion()
        && a.failoverVersionIncrement() == b.failoverVersionIncrement()
        && a.historyShardCount() == b.historyShardCount()
        && a.connectionEnabled() == b.connectionEnabled();
  }

  private static <T> T run(Supplier<T> call) {
    try {
      return call.get();
    } catch (DriverException e) {
      throw CassandraErrors.translate("remote cluster store", e, false);
    }
  }

  private static <T> T conditional(Supplier<T> call) {
    try {
      return call.get();
    } catch (DriverException e) {
      throw CassandraErrors.translate("remote cluster store", e, true);
    }
  }
}
