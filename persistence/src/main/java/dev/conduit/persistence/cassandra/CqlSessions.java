package dev.conduit.persistence.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import java.net.InetSocketAddress;
import java.time.Duration;

/** Opens driver sessions with the project's timeouts; the one place driver options are set. */
public final class CqlSessions {
  private CqlSessions() {}

  /** A session bound to the settings' keyspace, which must exist. */
  public static CqlSession open(CassandraSettings settings) {
    return builder(settings).withKeyspace(settings.keyspace()).build();
  }

  /** A session bound to no keyspace, for creating one. */
  public static CqlSession openWithoutKeyspace(CassandraSettings settings) {
    return builder(settings).build();
  }

  private static CqlSessionBuilder builder(CassandraSettings settings) {
    Duration timeout = settings.requestTimeout();
    DriverConfigLoader config =
        DriverConfigLoader.programmaticBuilder()
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, timeout)
            .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, timeout)
            .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, timeout)
            .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, timeout)
            .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, timeout.multipliedBy(3))
            .build();
    CqlSessionBuilder builder =
        CqlSession.builder().withConfigLoader(config).withLocalDatacenter(settings.localDatacenter());
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
