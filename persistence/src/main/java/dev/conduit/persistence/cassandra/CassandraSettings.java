package dev.conduit.persistence.cassandra;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to reach one Cassandra datastore: contact points ({@code host:port}), the local data center the
 * driver routes to, the keyspace, credentials and the request timeout.
 *
 * <p>The request timeout defaults to 10 s, not the driver's 2 s: schema changes and lightweight
 * transactions on a loaded 2-core machine routinely take longer than 2 s.
 */
public record CassandraSettings(
    List<String> contactPoints,
    String localDatacenter,
    String keyspace,
    String user,
    String password,
    Duration requestTimeout,
    int replicationFactor) {

  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
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
  }

  /** Settings for a single local node, as the launcher runs it. */
  public static CassandraSettings local(String hostPort, String keyspace) {
    return new CassandraSettings(List.of(hostPort), DEFAULT_DATACENTER, keyspace, null, null, null, 1);
  }

  /** Settings of a validated Cassandra datastore of the cluster config. */
  public static CassandraSettings from(dev.conduit.config.persistence.CassandraConfig config) {
    return new CassandraSettings(
        config.contactPoints().stream().map(hp -> hp.host() + ":" + hp.port()).toList(),
        config.datacenter(),
        config.keyspace(),
        config.user() == null || config.user().isBlank() ? null : config.user(),
        config.password() == null || config.password().isEmpty() ? null : config.password().reveal(),
        config.requestTimeout(),
        config.replicationFactor());
  }

  public CassandraSettings withKeyspace(String otherKeyspace) {
    return new CassandraSettings(contactPoints, localDatacenter, otherKeyspace, user, password, requestTimeout, replicationFactor);
  }

  @Override
  public String toString() {
    return "CassandraSettings[contactPoints=" + contactPoints + ", localDatacenter=" + localDatacenter
        + ", keyspace=" + keyspace + ", user=" + user + ", password=" + (password == null ? "null" : "****")
        + ", requestTimeout=" + requestTimeout + ", replicationFactor=" + replicationFactor + "]";
  }
}
