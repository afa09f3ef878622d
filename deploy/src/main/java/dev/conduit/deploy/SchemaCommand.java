package dev.conduit.deploy;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.conduit.config.ClusterConfig;
import dev.conduit.persistence.cassandra.CassandraSettings;
import dev.conduit.persistence.cassandra.CqlSessions;
import dev.conduit.persistence.cassandra.schema.SchemaCatalog;
import dev.conduit.persistence.cassandra.schema.SchemaTool;

/**
 * {@code schema setup|update [--config FILE] [--version N]}: creates the cluster's keyspace (the default
 * datastore of the config) at the latest schema version, or upgrades it, like
 * {@code temporal-cassandra-tool setup-schema / update-schema}.
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
      return 0;
    }
  }

  static int setup(SchemaTool tool, CassandraSettings settings, int target) {
    return tool.setup(settings.localDatacenter(), settings.replicationFactor(), target);
  }
}
