package dev.conduit.persistence.namespace;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.connection.BusyConnectionException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.servererrors.FunctionFailureException;
import com.datastax.oss.driver.api.core.servererrors.QueryExecutionException;
import dev.conduit.persistence.PersistenceException;

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
      throw translate(e);
    }
  }

  /**
   * Timeouts, unavailable or overloaded replicas and lost connections may pass when repeated; a query
   * the server rejects as invalid never will. An LWT timeout is ambiguous (it may have applied), which
   * is why every write of the store is safe to repeat.
   */
  static PersistenceException translate(DriverException e) {
    boolean retryable =
        (e instanceof QueryExecutionException && !(e instanceof FunctionFailureException))
            || e instanceof DriverTimeoutException
            || e instanceof AllNodesFailedException
            || e instanceof ClosedConnectionException
            || e instanceof BusyConnectionException;
    return new PersistenceException("namespace store: " + e.getMessage(), retryable, e);
  }
}
