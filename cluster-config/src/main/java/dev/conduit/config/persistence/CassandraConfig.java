package dev.conduit.config.persistence;

import dev.conduit.config.HostPort;
import dev.conduit.config.Secret;
import dev.conduit.config.TlsConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A Cassandra datastore: contact points, keyspace, credentials and driver timeouts. {@code hosts}
 * holds the entries of the comma-separated {@code hosts} key, each a host or {@code host:port}; a host
 * without a port uses {@link #port()}.
 */
public record CassandraConfig(
    String name,
    List<String> hosts,
    int port,
    String keyspace,
    String user,
    Secret password,
    String datacenter,
    int replicationFactor,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxConns,
    String consistency,
    String serialConsistency,
    TlsConfig tls) implements DataStoreConfig {

  public static final int DEFAULT_PORT = 9042;
  public static final int DEFAULT_REPLICATION_FACTOR = 1;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** Well above the driver's 2s default, which schema changes exceed on a loaded machine. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_CONNS = 2;
  public static final String DEFAULT_CONSISTENCY = "LOCAL_QUORUM";
  public static final String DEFAULT_SERIAL_CONSISTENCY = "LOCAL_SERIAL";

  public CassandraConfig {
    Objects.requireNonNull(name, "name");
    hosts = List.copyOf(hosts);
    Objects.requireNonNull(keyspace, "keyspace");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(datacenter, "datacenter");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(consistency, "consistency");
    Objects.requireNonNull(serialConsistency, "serialConsistency");
    Objects.requireNonNull(tls, "tls");
  }

  /** The hosts as addresses, with {@link #port()} filled in where a host has none. */
  public List<HostPort> contactPoints() {
    return hosts.stream().map(host -> HostPort.parse(host, port)).toList();
  }
}
