package dev.conduit.it.matching;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.conduit.deploy.local.LocalDependencies;
import dev.conduit.it.support.RealServers;
import dev.conduit.persistence.cassandra.CassandraSettings;
import dev.conduit.persistence.cassandra.CqlSessions;
import dev.conduit.persistence.cassandra.schema.SchemaCatalog;
import dev.conduit.persistence.cassandra.schema.SchemaTool;
import java.util.List;
import java.util.UUID;

/** A fresh keyspace at the latest schema on the launcher's Cassandra, dropped when closed. */
final class MatchingKeyspace implements AutoCloseable {
  final String name = "conduit_it_match_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  final CassandraSettings settings;
  private final CqlSession admin;

  MatchingKeyspace() {
    RealServers.require(LocalDependencies.CASSANDRA);
    settings = CassandraSettings.local("127.0.0.1:" + LocalDependencies.CASSANDRA_PORT, name);
    admin = CqlSessions.openWithoutKeyspace(settings);
    new SchemaTool(admin, name, SchemaCatalog.clusterKeyspace()).setup(CassandraSettings.DEFAULT_DATACENTER, 1);
  }

  /** A new session on the keyspace; each one stands for a separate matching process. */
  CqlSession openSession() {
    return CqlSessions.open(settings);
  }

  /** The first column of each row of {@code cql}, where {@code {ks}} stands for the keyspace; null cells skipped. */
  List<String> strings(String cql, Object... values) {
    return rows(cql, values).stream().filter(row -> !row.isNull(0)).map(row -> row.getString(0)).toList();
  }

  List<Long> longs(String cql, Object... values) {
    return rows(cql, values).stream().filter(row -> !row.isNull(0)).map(row -> row.getLong(0)).toList();
  }

  private List<Row> rows(String cql, Object... values) {
    return admin.execute(SimpleStatement.newInstance(cql.replace("{ks}", name), values)).all();
  }

  @Override
  public void close() {
    admin.execute("DROP KEYSPACE IF EXISTS " + name);
    admin.close();
  }
}
