package dev.conduit.persistence.namespace;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import dev.conduit.persistence.PersistenceException;
import dev.conduit.persistence.cassandra.CassandraErrors;

/** The CQL of {@link CassandraNamespaceStore}, and how its driver errors become persistence errors. */
final class CassandraNamespaceStatements {
  static final String INIT_VERSION =
      "INSERT INTO namespaces_by_name (namespaces_partition, notification_version) VALUES (?, 0) IF NOT EXISTS";
  static final String READ_VERSION =
      "SELECT notification_version FROM namespaces_by_name WHERE namespaces_partition = ? LIMIT 1";
  static final String INSERT_NAME =
      "INSERT INTO namespaces_by_name (namespaces_partition, name, id, detail, detail_encoding, is_global)"
          + " VALUES (?, ?, ?, ?, ?, ?) IF NOT EXISTS";
  static final String UPDATE_NAME =
      "UPDATE namespaces_by_name SET detail = ?, detail_encoding = ?, is_global = ?"
          + " WHERE namespaces_partition = ? AND name = ?";
  static final String MOVE_VERSION =
      "UPDATE namespaces_by_name SET notification_version = ? WHERE namespaces_partition = ?"
          + " IF notification_version = ?";
  static final String SELECT_BY_NAME =
      "SELECT name, detail, detail_encoding, notification_version FROM namespaces_by_name"
          + " WHERE namespaces_partition = ? AND name = ?";
  static final String SELECT_PAGE =
      "SELECT name, detail, detail_encoding FROM namespaces_by_name"
          + " WHERE namespaces_partition = ? AND name > ? LIMIT ?";
  static final String INSERT_ID = "INSERT INTO namespaces_by_id (id, name) VALUES (?, ?)";
  static final String SELECT_ID = "SELECT name FROM namespaces_by_id WHERE id = ?";

  private CassandraNamespaceStatements() {}

  static PreparedStatement prepare(CqlSession session, String cql) {
    try {
      return session.prepare(cql);
    } catch (DriverException e) {
      throw translate(e, false);
    }
  }

  /** A failed statement as {@link CassandraErrors} classifies it; {@code conditional} for the LWTs. */
  static PersistenceException translate(DriverException e, boolean conditional) {
    return CassandraErrors.translate("namespace store", e, conditional);
  }
}
