package dev.conduit.config.persistence;

/**
 * One named entry of {@code persistence.datastores}: exactly one backend, Cassandra for workflow state
 * and basic visibility, or Elasticsearch for advanced visibility.
 */
public sealed interface DataStoreConfig permits CassandraConfig, ElasticsearchConfig {

  /** The key under {@code persistence.datastores} that names this store. */
  String name();
}
