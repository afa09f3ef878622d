package dev.conduit.persistence.cassandra.schema;

import java.util.List;

/** One released schema version: its number, description and the CQL statements it applies. */
public record SchemaVersion(int number, String file, String description, List<String> statements) {
  public SchemaVersion {
    statements = List.copyOf(statements);
  }
}
