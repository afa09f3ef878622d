package dev.conduit.it.frontend;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.conduit.config.HostPort;
import dev.conduit.config.cluster.ClusterInformation;
import dev.conduit.config.cluster.ClusterMetadataConfig;
import dev.conduit.config.cluster.ReplicationConsumerType;
import dev.conduit.deploy.local.LocalDependencies;
import dev.conduit.frontend.FrontendServer;
import dev.conduit.frontend.FrontendSettings;
import dev.conduit.it.support.RealServers;
import dev.conduit.persistence.cassandra.CassandraSettings;
import dev.conduit.persistence.cassandra.CqlSessions;
import dev.conduit.persistence.cassandra.schema.SchemaCatalog;
import dev.conduit.persistence.cassandra.schema.SchemaTool;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A fresh keyspace at the latest schema on the real Cassandra, and a frontend of cluster "active" (of
 * "active" = 1 and "standby" = 2, increment 10, global namespaces on) serving it on a free loopback port.
 */
final class FrontendFixture implements AutoCloseable {
  static final long INCREMENT = 10;

  final String keyspace = "conduit_it_fe_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  final CassandraSettings settings;
  final CqlSession admin;
  final CqlSession session;
  private FrontendServer server;

  FrontendFixture() {
    RealServers.require(LocalDependencies.CASSANDRA);
    settings = CassandraSettings.local("127.0.0.1:" + LocalDependencies.CASSANDRA_PORT, keyspace);
    admin = CqlSessions.openWithoutKeyspace(settings);
    new SchemaTool(admin, keyspace, SchemaCatalog.clusterKeyspace()).setup(CassandraSettings.DEFAULT_DATACENTER, 1);
    session = CqlSessions.open(settings);
  }

  FrontendServer startFrontend() {
    server = new FrontendServer(FrontendSettings.local(0, 4), session, metadata(), Clock.systemUTC()).start();
    return server;
  }

  static ClusterMetadataConfig metadata() {
    Map<String, ClusterInformation> clusters = new LinkedHashMap<>();
    clusters.put("active", new ClusterInformation(true, 1, ClusterInformation.DEFAULT_RPC_NAME,
        Optional.of(new HostPort("127.0.0.1", 7233))));
    clusters.put("standby", new ClusterInformation(true, 2, ClusterInformation.DEFAULT_RPC_NAME,
        Optional.of(new HostPort("127.0.0.1", 8233))));
    return new ClusterMetadataConfig(true, ReplicationConsumerType.KAFKA, INCREMENT, "active", "active", clusters);
  }

  /** The namespace names stored in Cassandra, read directly from the table. */
  java.util.List<String> storedNamespaceNames() {
    return session.execute("SELECT name FROM namespaces_by_name").all().stream()
        .map(row -> row.getString("name")).filter(java.util.Objects::nonNull).toList();
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    session.close();
    admin.execute("DROP KEYSPACE IF EXISTS " + keyspace);
    admin.close();
  }
}
