package dev.conduit.config.persistence;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code persistence} section: which named datastore holds workflow state ({@code defaultStore}),
 * basic visibility ({@code visibilityStore}) and advanced visibility ({@code advancedVisibilityStore}),
 * and the fixed number of history shards. The shard count can never change once a cluster has data.
 */
public record PersistenceConfig(
    String defaultStore,
    Optional<String> visibilityStore,
    Optional<String> advancedVisibilityStore,
    int numHistoryShards,
    Map<String, DataStoreConfig> datastores) {

  public PersistenceConfig {
    Objects.requireNonNull(defaultStore, "defaultStore");
    Objects.requireNonNull(visibilityStore, "visibilityStore");
    Objects.requireNonNull(advancedVisibilityStore, "advancedVisibilityStore");
    datastores = Collections.unmodifiableMap(new LinkedHashMap<>(datastores));
  }

  /** The Cassandra store of workflow state; valid configs always have one. */
  public CassandraConfig defaultDataStore() {
    return (CassandraConfig) datastores.get(defaultStore);
  }

  public Optional<CassandraConfig> visibilityDataStore() {
    return visibilityStore.map(name -> (CassandraConfig) datastores.get(name));
  }

  public Optional<ElasticsearchConfig> advancedVisibilityDataStore() {
    return advancedVisibilityStore.map(name -> (ElasticsearchConfig) datastores.get(name));
  }
}
