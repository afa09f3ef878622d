package dev.conduit.replication.namespace;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.conduit.persistence.cassandra.CassandraErrors;
import java.time.Clock;

/** {@link PublishedLevels} in the {@code namespace_replication_levels} table (schema v6). */
public final class CassandraPublishedLevels implements PublishedLevels {
  private final CqlSession session;
  private final Clock clock;
  private final PreparedStatement select;
  private final PreparedStatement upsert;

  public CassandraPublishedLevels(CqlSession session, Clock clock) {
    this.session = session;
    this.clock = clock;
    this.select = session.prepare(
        "SELECT published_notification_version FROM namespace_replication_levels WHERE remote_cluster = ?");
    this.upsert = session.prepare("UPDATE namespace_replication_levels SET published_notification_version = ?,"
        + " updated_time = ? WHERE remote_cluster = ?");
  }

  @Override
  public long get(String remote) {
    Row row = CassandraErrors.plain("read published level", () -> session.execute(select.bind(remote)).one());
    return row == null || row.isNull(0) ? -1 : row.getLong(0);
  }

  @Override
  public void advance(String remote, long level) {
    // one writer per cluster (the publisher of its replication service), so a plain write suffices
    CassandraErrors.plain("advance published level", () -> session.execute(upsert.bind(level, clock.instant(), remote)));
  }
}
