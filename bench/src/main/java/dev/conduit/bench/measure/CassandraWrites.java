package dev.conduit.bench.measure;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cassandra's own count of writes to one keyspace, read without JMX from the CQL virtual table
 * {@code system_views.local_write_latency} (Cassandra 4.1+): per table, the number of mutations the node
 * applied since it started. A single-partition batch is one mutation per table it touches; a
 * lightweight transaction's commit is one too (its Paxos rounds go to the {@code system} keyspace and
 * are not counted). On a one-node cluster this is every write the server made to its keyspace.
 */
public final class CassandraWrites implements AutoCloseable {
  private static final String QUERY =
      "SELECT table_name, count FROM system_views.local_write_latency WHERE keyspace_name = ?";

  private final CqlSession session;
  private final PreparedStatement query;
  private final String keyspace;

  private CassandraWrites(CqlSession session, String keyspace) {
    this.session = session;
    this.query = session.prepare(QUERY);
    this.keyspace = keyspace;
  }

  /** Connects to the node at {@code hostPort} (datacenter {@code datacenter1}) and checks the table answers. */
  public static CassandraWrites connect(String hostPort, String keyspace) {
    int colon = hostPort.lastIndexOf(':');
    InetSocketAddress address = new InetSocketAddress(hostPort.substring(0, colon),
        Integer.parseInt(hostPort.substring(colon + 1)));
    CqlSession session = CqlSession.builder()
        .addContactPoint(address)
        .withLocalDatacenter("datacenter1")
        .withConfigLoader(DriverConfigLoader.programmaticBuilder()
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
            .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
            .build())
        .build();
    try {
      CassandraWrites writes = new CassandraWrites(session, keyspace);
      writes.byTable();
      return writes;
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /** Mutations applied so far to each table of the keyspace. */
  public Map<String, Long> byTable() {
    Map<String, Long> counts = new TreeMap<>();
    for (Row row : session.execute(query.bind(keyspace))) {
      counts.put(row.getString("table_name"), row.getLong("count"));
    }
    return counts;
  }

  /** Mutations per table since {@code before} (a {@link #byTable()} reading); tables without writes left out. */
  public Map<String, Long> since(Map<String, Long> before) {
    Map<String, Long> delta = new TreeMap<>();
    byTable().forEach((table, now) -> {
      long d = now - before.getOrDefault(table, 0L);
      if (d != 0) {
        delta.put(table, d);
      }
    });
    return delta;
  }

  public String keyspace() {
    return keyspace;
  }

  @Override
  public void close() {
    session.close();
  }
}
