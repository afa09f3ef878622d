package dev.conduit.it.dependencies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.conduit.deploy.local.LocalDependencies;
import dev.conduit.it.support.RealServers;
import dev.conduit.persistence.cassandra.CassandraSettings;
import dev.conduit.persistence.cassandra.CqlSessions;
import dev.conduit.persistence.cassandra.schema.SchemaCatalog;
import dev.conduit.persistence.cassandra.schema.SchemaTool;
import dev.conduit.persistence.cluster.ClusterMetadataStore;
import dev.conduit.proto.persistence.v1.ClusterMetadataRecord;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The schema tool against the real Cassandra the launcher runs, and lightweight transactions on its tables. */
class CassandraSchemaIT {
  private static final String KEYSPACE = "conduit_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private static CassandraSettings settings;
  private static CqlSession admin;

  @BeforeAll
  static void startCassandra() {
    RealServers.require(LocalDependencies.CASSANDRA);
    settings = CassandraSettings.local("127.0.0.1:" + LocalDependencies.CASSANDRA_PORT, KEYSPACE);
    admin = CqlSessions.openWithoutKeyspace(settings);
  }

  @AfterAll
  static void dropKeyspace() {
    if (admin != null) {
      admin.execute("DROP KEYSPACE IF EXISTS " + KEYSPACE);
      admin.close();
    }
  }

  @Test
  void setupCreatesKeyspaceAtLatestVersionAndUpdateIsThenANoOp() {
    SchemaCatalog catalog = SchemaCatalog.clusterKeyspace();
    SchemaTool tool = new SchemaTool(admin, KEYSPACE, catalog);

    assertThat(tool.setup(CassandraSettings.DEFAULT_DATACENTER, 1)).isEqualTo(catalog.latest());
    assertThat(tool.currentVersion()).isEqualTo(catalog.latest());
    assertThat(tables()).contains("cluster_metadata", "schema_version", "schema_update_history");
    long historyRows = count("schema_update_history");
    assertThat(historyRows).isEqualTo(catalog.latest());

    // running setup and update again changes nothing
    assertThat(tool.setup(CassandraSettings.DEFAULT_DATACENTER, 1)).isEqualTo(catalog.latest());
    assertThat(tool.update(catalog.latest())).isEqualTo(catalog.latest());
    assertThat(count("schema_update_history")).isEqualTo(historyRows);
  }

  @Test
  void updateUpgradesAVersion4KeyspaceInPlaceToHistoryTrees() {
    String keyspace = KEYSPACE + "_v4";
    SchemaTool tool = new SchemaTool(admin, keyspace, SchemaCatalog.clusterKeyspace());
    try {
      assertThat(tool.setup(CassandraSettings.DEFAULT_DATACENTER, 1, 4)).isEqualTo(4);
      assertThat(tables(keyspace)).contains("history_node").doesNotContain("history_tree", "history_tree_node");
      admin.execute("INSERT INTO " + keyspace + ".namespaces_by_id (id, name) VALUES (6f1a2b3c-0000-4000-8000-000000000001, 'kept')");

      assertThat(tool.update(5)).isEqualTo(5);
      assertThat(tool.currentVersion()).isEqualTo(5);
      assertThat(tables(keyspace)).contains("history_tree", "history_tree_node", "history_node", "namespaces_by_id");
      assertThat(admin.execute("SELECT name FROM " + keyspace + ".namespaces_by_id WHERE id = 6f1a2b3c-0000-4000-8000-000000000001").one().getString("name"))
          .as("the upgrade keeps existing data").isEqualTo("kept");
      assertThat(admin.execute("SELECT count(*) FROM " + keyspace + ".schema_update_history").one().getLong(0)).isEqualTo(5);
    } finally {
      admin.execute("DROP KEYSPACE IF EXISTS " + keyspace);
    }
  }

  @Test
  void updateOfAMissingKeyspaceIsRefusedWithAClearError() {
    SchemaTool tool = new SchemaTool(admin, "conduit_it_missing_ks", SchemaCatalog.clusterKeyspace());
    assertThatThrownBy(() -> tool.update(1)).hasMessageContaining("does not exist").hasMessageContaining("setup");
  }

  @Test
  void conditionalInsertIsAppliedOnceAndRefusedTheSecondTime() {
    new SchemaTool(admin, KEYSPACE, SchemaCatalog.clusterKeyspace()).setup(CassandraSettings.DEFAULT_DATACENTER, 1);
    try (CqlSession session = CqlSessions.open(settings)) {
      ClusterMetadataStore store = new ClusterMetadataStore(session);
      ClusterMetadataRecord first = record("active", 1);
      ClusterMetadataRecord second = record("active", 2);

      ClusterMetadataStore.InitializeResult applied = store.initialize(first);
      assertThat(applied.applied()).isTrue();

      ClusterMetadataStore.InitializeResult refused = store.initialize(second);
      assertThat(refused.applied()).isFalse();
      assertThat(refused.stored()).isEqualTo(first);
      assertThat(store.get("active")).contains(first);

      // the raw CQL condition, as every fenced write in the engine uses it
      ResultSet raw =
          session.execute(SimpleStatement.newInstance(
              "INSERT INTO cluster_metadata (cluster_name, data_encoding, version) VALUES (?, 'x', 1) IF NOT EXISTS", "other"));
      assertThat(raw.wasApplied()).isTrue();
      ResultSet again =
          session.execute(SimpleStatement.newInstance(
              "INSERT INTO cluster_metadata (cluster_name, data_encoding, version) VALUES (?, 'y', 2) IF NOT EXISTS", "other"));
      assertThat(again.wasApplied()).isFalse();
      assertThat(session.execute("SELECT version FROM cluster_metadata WHERE cluster_name = 'other'").one().getLong("version")).isEqualTo(1L);
    }
  }

  private static ClusterMetadataRecord record(String cluster, long initialVersion) {
    return ClusterMetadataRecord.newBuilder()
        .setClusterName(cluster)
        .setHistoryShardCount(4)
        .setFailoverVersionIncrement(10)
        .setInitialFailoverVersion(initialVersion)
        .setGlobalNamespaceEnabled(true)
        .build();
  }

  private static java.util.List<String> tables() {
    return tables(KEYSPACE);
  }

  private static java.util.List<String> tables(String keyspace) {
    return admin.execute(SimpleStatement.newInstance("SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", keyspace))
        .all().stream().map(row -> row.getString("table_name")).toList();
  }

  private static long count(String table) {
    return admin.execute("SELECT count(*) FROM " + KEYSPACE + "." + table).one().getLong(0);
  }
}
