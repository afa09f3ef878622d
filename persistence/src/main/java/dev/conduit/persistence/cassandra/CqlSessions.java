package dev.conduit.persistence.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.ssl.SslEngineFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * Opens driver sessions; the one place driver options are set. Every datastore setting reaches the
 * driver here: timeouts, connections per node ({@code maxConns}, local and remote pools), the default
 * and serial consistency of every request, and TLS.
 */
public final class CqlSessions {
  /** The longest wait before a lost Cassandra node is tried again. */
  static final Duration RECONNECTION_MAX_DELAY = Duration.ofSeconds(5);

  private CqlSessions() {}

  /** A session bound to the settings' keyspace, which must exist. */
  public static CqlSession open(CassandraSettings settings) {
    return builder(settings).withKeyspace(settings.keyspace()).build();
  }

  /** A session bound to no keyspace, for creating one. */
  public static CqlSession openWithoutKeyspace(CassandraSettings settings) {
    return builder(settings).build();
  }

  /** The driver options of {@code settings}, apart from contact points, credentials and TLS. */
  static DriverConfigLoader configLoader(CassandraSettings settings) {
    Duration timeout = settings.requestTimeout();
    return DriverConfigLoader.programmaticBuilder()
        // the options are fixed at start: reloading (every 5 minutes by default) would parse them again for nothing
        .withDuration(DefaultDriverOption.CONFIG_RELOAD_INTERVAL, Duration.ZERO)
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, timeout)
        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, timeout)
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, timeout)
        .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, timeout)
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, timeout.multipliedBy(3))
        .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, settings.connectTimeout())
        // a node that went away is tried again at most every 5 s (the driver's default backs off to 60 s): after a
        // Cassandra restart the services serve again within seconds instead of up to a minute
        .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, RECONNECTION_MAX_DELAY)
        .withInt(DefaultDriverOption.CONNECTION_POOL_LOCAL_SIZE, settings.maxConns())
        .withInt(DefaultDriverOption.CONNECTION_POOL_REMOTE_SIZE, settings.maxConns())
        .withString(DefaultDriverOption.REQUEST_CONSISTENCY, settings.consistency())
        .withString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY, settings.serialConsistency())
        .build();
  }

  /** The TLS engine factory, if the datastore enables TLS. */
  static Optional<SslEngineFactory> sslEngineFactory(CassandraSettings settings) {
    return settings.tls().enabled() ? Optional.of(PemSslEngineFactory.from(settings.tls())) : Optional.empty();
  }

  private static CqlSessionBuilder builder(CassandraSettings settings) {
    CqlSessionBuilder builder =
        CqlSession.builder().withConfigLoader(configLoader(settings)).withLocalDatacenter(settings.localDatacenter());
    sslEngineFactory(settings).ifPresent(builder::withSslEngineFactory);
    for (String contactPoint : settings.contactPoints()) {
      builder.addContactPoint(parse(contactPoint));
    }
    if (settings.user() != null && !settings.user().isBlank()) {
      builder.withAuthCredentials(settings.user(), settings.password() == null ? "" : settings.password());
    }
    return builder;
  }

  private static InetSocketAddress parse(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0) {
      return new InetSocketAddress(hostPort, 9042);
    }
    return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }
}
