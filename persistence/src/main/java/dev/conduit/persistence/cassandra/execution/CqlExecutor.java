package dev.conduit.persistence.cassandra.execution;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import dev.conduit.persistence.cassandra.CassandraErrors;
import java.util.List;

/**
 * Runs the stores' statements and translates driver errors in one place ({@link CassandraErrors}).
 * Consistency levels come from the session's configuration (the datastore's {@code consistency} and
 * {@code serialConsistency}, see {@code CqlSessions}); conditional writes are marked non-idempotent so
 * that the driver never repeats them on its own.
 */
final class CqlExecutor {
  private final CqlSession session;

  CqlExecutor(CqlSession session) {
    this.session = session;
  }

  PreparedStatement prepare(String cql) {
    try {
      return session.prepare(cql);
    } catch (DriverException e) {
      throw CassandraErrors.translate("prepare " + cql, e, false);
    }
  }

  ResultSet read(String operation, Statement<?> statement) {
    return run(operation, statement.setIdempotent(true), false);
  }

  /** Reads every row of the result; later pages are fetched here too, under the same error translation. */
  List<Row> readAll(String operation, Statement<?> statement) {
    try {
      return read(operation, statement).all();
    } catch (DriverException e) {
      throw CassandraErrors.translate(operation, e, false);
    }
  }

  /** A write that may be repeated with the same effect (same key, same values, or a delete). */
  ResultSet write(String operation, Statement<?> statement) {
    return run(operation, statement.setIdempotent(true), false);
  }

  /** A lightweight transaction; the caller checks {@link ResultSet#wasApplied()}. */
  ResultSet conditional(String operation, Statement<?> statement) {
    return run(operation, statement.setIdempotent(false), true);
  }

  private ResultSet run(String operation, Statement<?> statement, boolean conditional) {
    try {
      return session.execute(statement);
    } catch (DriverException e) {
      throw CassandraErrors.translate(operation, e, conditional);
    }
  }
}
