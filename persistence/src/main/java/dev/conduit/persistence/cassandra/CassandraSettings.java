package dev.conduit.persistence.cassandra;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import dev.conduit.config.TlsConfig;
import dev.conduit.config.persistence.CassandraConfig;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How to reach one Cassandra datastore and how to talk to it: contact points ({@code host:port}), the
 * local data center the driver routes to, the keyspace, credentials, timeouts, connections per node,
 * consistency levels and TLS. {@link CqlSessions} turns them into driver options.
 *
 * <p>The request timeout defaults to 10 s, not the driver's 2 s: schema changes and lightweight
 * transactions on a loaded 2-core machine routinely take longer than 2 s. Consistency defaults to
 * {@code LOCAL_QUORUM} / {@code LOCAL_SERIAL}, as in Temporal.
 */
public record CassandraSettings(
    List<String> contactPoints,
    String localDatacenter,
    String keyspace,
    String user,
    String password,
    Duration requestTimeout,
    int replicationFactor,
    Duration connectTimeout,
    int maxConns,
    String consistency,
    String serialConsistency,
    TlsConfig tls) {

  public static final Duration DEFAULT_REQUEST_TIMEOUT = CassandraConfig.DEFAULT_REQUEST_TIMEOUT;
  public static final String DEFAULT_DATACENTER = "datacenter1";

  public CassandraSettings {
    Objects.requireNonNull(contactPoints, "contactPoints");
    if (contactPoints.isEmpty()) {
      throw new IllegalArgumentException("at least one Cassandra contact point is needed");
    }
    contactPoints = List.copyOf(contactPoints);
    localDatacenter = localDatacenter == null || localDatacenter.isBlank() ? DEFAULT_DATACENTER : localDatacenter;
    Objects.requireNonNull(keyspace, "keyspace");
    requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
    replicationFactor = replicationFactor <= 0 ? 1 : replicationFactor;
    connectTimeout = connectTimeout == null ? CassandraConfig.DEFAULT_CONNECT_TIMEOUT : connectTimeout;
    if (maxConns < 1) {
      throw new IllegalArgumentException("maxConns must be at least 1, was " + maxConns);
    }
    consistency = level(consistency == null ? CassandraConfig.DEFAULT_CONSISTENCY : consistency, "consistency");
    serialConsistency = level(
        serialConsistency == null ? CassandraConfig.DEFAULT_SERIAL_CONSISTENCY : serialConsistency, "serialConsistency");
    if (!DefaultConsistencyLevel.valueOf(serialConsistency).isSerial()) {
      throw new IllegalArgumentException("serialConsistency must be SERIAL or LOCAL_SERIAL, was " + serialConsistency);
    }
    tls = tls == null ? TlsConfig.disabled() : tls;
  }

  /** Settings for a single local node, as the launcher runs it. */
  public static CassandraSettings local(String hostPort, String keyspace) {
    return new CassandraSettings(List.of(hostPort), DEFAULT_DATACENTER, keyspace, null, null, null, 1,
        null, CassandraConfig.DEFAULT_MAX_CONNS, null, null, null);
  }

  /** Settings of a validated Cassandra datastore of the cluster config; every key of it is used. */
  public static CassandraSettings from(CassandraConfig config) {
    return new CassandraSettings(
        config.contactPoints().stream().map(hp -> hp.host() + ":" + hp.port()).toList(),
        config.datacenter(),
        config.keyspace(),
        config.user() == null || config.user().isBlank() ? null : config.user(),
        config.password() == null || config.password().isEmpty() ? null : config.password().reveal(),
        config.requestTimeout(),
        config.replicationFactor(),
        config.connectTimeout(),
        config.maxConns(),
        config.consistency(),
        config.serialConsistency(),
        config.tls());
  }

  public CassandraSettings withKeyspace(String otherKeyspace) {
    return new CassandraSettings(contactPoints, localDatacenter, otherKeyspace, user, password, requestTimeout,
        replicationFactor, connectTimeout, maxConns, consistency, serialConsistency, tls);
  }

  private static String level(String name, String key) {
    String upper = name.trim().toUpperCase(Locale.ROOT);
    try {
      DefaultConsistencyLevel.valueOf(upper);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + " '" + name + "' is not a Cassandra consistency level", e);
    }
    return upper;
  }

  @Override
  public String toString() {
    return "CassandraSettings[contactPoints=" + contactPoints + ", localDatacenter=" + localDatacenter
        + ", keyspace=" + keyspace + ", user=" + user + ", password=" + (password == null ? "null" : "****")
        + ", requestTimeout=" + requestTimeout + ", replicationFactor=" + replicationFactor
        + ", connectTimeout=" + connectTimeout + ", maxConns=" + maxConns + ", consistency=" + consistency
        + ", serialConsistency=" + serialConsistency + ", tls=" + tls.enabled() + "]";
  }
}
