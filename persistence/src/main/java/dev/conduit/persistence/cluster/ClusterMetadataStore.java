package dev.conduit.persistence.cluster;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.persistence.OutcomeUnknownException;
import dev.conduit.persistence.PersistenceException;
import dev.conduit.persistence.cassandra.CassandraErrors;
import dev.conduit.proto.persistence.v1.ClusterMetadataRecord;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The cluster's record of itself in its keyspace. It is written once with {@code INSERT ... IF NOT EXISTS}:
 * the first writer wins and every later writer reads the winner's record back.
 */
public final class ClusterMetadataStore {
  static final String ENCODING = "proto3";

  private final CqlSession session;

  /** {@code session} is bound to the cluster's keyspace. */
  public ClusterMetadataStore(CqlSession session) {
    this.session = session;
  }

  /**
   * Records {@code record} unless the cluster already has one. Returns the record now stored, which is
   * {@code record} if this call wrote it.
   */
  public InitializeResult initialize(ClusterMetadataRecord record) {
    ResultSet result;
    try {
      result = session.execute(
          SimpleStatement.newInstance(
              "INSERT INTO cluster_metadata (cluster_name, data, data_encoding, version) VALUES (?, ?, ?, 1) IF NOT EXISTS",
              record.getClusterName(),
              ByteBuffer.wrap(record.toByteArray()),
              ENCODING));
    } catch (DriverException e) {
      PersistenceException failure = CassandraErrors.translate("initialize cluster metadata", e, true);
      if (!(failure instanceof OutcomeUnknownException)) {
        throw failure;
      }
      // the insert may have landed: whatever the row holds now is the winner
      ClusterMetadataRecord stored = get(record.getClusterName()).orElseThrow(() -> failure);
      return new InitializeResult(stored.equals(record), stored);
    }
    if (result.wasApplied()) {
      return new InitializeResult(true, record);
    }
    // a refused conditional insert returns the existing row
    return new InitializeResult(false, decode(result.one()));
  }

  public Optional<ClusterMetadataRecord> get(String clusterName) {
    Row row;
    try {
      row = session.execute(
          SimpleStatement.newInstance("SELECT data, data_encoding FROM cluster_metadata WHERE cluster_name = ?", clusterName)).one();
    } catch (DriverException e) {
      throw CassandraErrors.translate("read cluster metadata", e, false);
    }
    return Optional.ofNullable(row).map(ClusterMetadataStore::decode);
  }

  private static ClusterMetadataRecord decode(Row row) {
    if (row == null) {
      throw new IllegalStateException("cluster_metadata: conditional insert refused but no existing row returned");
    }
    String encoding = row.getString("data_encoding");
    if (!ENCODING.equals(encoding)) {
      throw new IllegalStateException("cluster_metadata: unknown data encoding '" + encoding + "'");
    }
    try {
      return ClusterMetadataRecord.parseFrom(row.getByteBuffer("data"));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cluster_metadata: corrupt record", e);
    }
  }

  /** Whether this call wrote the record, and the record the keyspace now holds. */
  public record InitializeResult(boolean applied, ClusterMetadataRecord stored) {}
}
