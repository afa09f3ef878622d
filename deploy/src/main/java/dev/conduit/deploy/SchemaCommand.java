package dev.conduit.deploy;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.conduit.config.ClusterConfig;
import dev.conduit.persistence.cassandra.CassandraSettings;
import dev.conduit.persistence.cassandra.CqlSessions;
import dev.conduit.persistence.cassandra.schema.SchemaCatalog;
import dev.conduit.persistence.cassandra.schema.SchemaTool;
import dev.conduit.visibility.store.ElasticsearchVisibilityStore;

/**
 * {@code schema setup|update [--config FILE] [--version N]}: creates the cluster's keyspace (the default
 * datastore of the config) at the latest schema version, or upgrades it, like
 * {@code temporal-cassandra-tool setup-schema / update-schema}; with an advanced visibility store configured, also
 * creates its Elasticsearch index and mapping unless it exists (like {@code temporal-elasticsearch-tool setup-schema}).
 */
final class SchemaCommand {
  private SchemaCommand() {}

  static int run(CommandLine line) {
    if (line.positional().isEmpty()) {
      System.err.println("usage: conduit schema setup|update [--config FILE] [--version N]");
      return 2;
    }
    ClusterConfig config = line.config();
    CassandraSettings settings = CassandraSettings.from(config.persistence().defaultDataStore());
    SchemaCatalog catalog = SchemaCatalog.clusterKeyspace();
    int target = line.option("version").map(Integer::parseInt).orElse(catalog.latest());
    try (CqlSession session = CqlSessions.openWithoutKeyspace(settings)) {
      SchemaTool tool = new SchemaTool(session, settings.keyspace(), catalog);
      int reached =
          switch (line.positional().get(0)) {
            case "setup" -> setup(tool, settings, target);
            case "update" -> tool.update(target);
            default -> throw new IllegalArgumentException("unknown schema action '" + line.positional().get(0) + "': use setup or update");
          };
      System.out.println("keyspace " + settings.keyspace() + " is at schema version " + reached);
    }
    visibilityIndex(config).ifPresent(System.out::println);
    return 0;
  }

  /**
   * Creates the advanced visibility store's index with its mapping unless it exists (the config's
   * {@code persistence.advancedVisibilityStore}); says what it did, or nothing when no such store is configured.
   */
  static java.util.Optional<String> visibilityIndex(ClusterConfig config) {
    return config.persistence().advancedVisibilityDataStore().map(elasticsearch -> {
      try (ElasticsearchVisibilityStore visibility = ElasticsearchVisibilityStore.connect(elasticsearch)) {
        return "visibility index " + visibility.index() + (visibility.ensureIndex() ? " created" : " exists");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  static int setup(SchemaTool tool, CassandraSettings settings, int target) {
    return tool.setup(settings.localDatacenter(), settings.replicationFactor(), target);
  }
}
