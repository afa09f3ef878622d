package dev.conduit.config.internal;

import dev.conduit.config.HostPort;
import dev.conduit.config.TlsConfig;
import dev.conduit.config.persistence.CassandraConfig;
import dev.conduit.config.persistence.DataStoreConfig;
import dev.conduit.config.persistence.ElasticsearchConfig;
import dev.conduit.config.persistence.PersistenceConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads and checks the {@code persistence} section: store references, shards, each datastore's settings. */
final class PersistenceSection {

  private static final Set<String> CONSISTENCIES = Set.of(
      "ANY", "ONE", "TWO", "THREE", "QUORUM", "ALL", "LOCAL_QUORUM", "EACH_QUORUM", "LOCAL_ONE");
  private static final Set<String> SERIAL_CONSISTENCIES = Set.of("SERIAL", "LOCAL_SERIAL");

  private PersistenceSection() {}

  static PersistenceConfig parse(Section persistence) {
    return new PersistenceConfig(
        persistence.string("defaultStore"),
        persistence.optionalString("visibilityStore"),
        persistence.optionalString("advancedVisibilityStore"),
        persistence.integer("numHistoryShards"),
        parseDataStores(persistence));
  }

  /** Store references must name stores of the right kind; shards are fixed forever, so at least 1. */
  static void validate(PersistenceConfig persistence, Errors errors) {
    if (persistence.numHistoryShards() < 1) {
      errors.add("persistence.numHistoryShards",
          "must be at least 1, was " + persistence.numHistoryShards());
    }
    checkStore(persistence, "defaultStore", Optional.of(persistence.defaultStore()), CassandraConfig.class,
        errors);
    checkStore(persistence, "visibilityStore", persistence.visibilityStore(), CassandraConfig.class, errors);
    checkStore(persistence, "advancedVisibilityStore", persistence.advancedVisibilityStore(),
        ElasticsearchConfig.class, errors);
    if (persistence.visibilityStore().isEmpty() && persistence.advancedVisibilityStore().isEmpty()) {
      errors.add("persistence.visibilityStore", "is required unless advancedVisibilityStore is set");
    }
  }

  private static void checkStore(PersistenceConfig persistence, String key, Optional<String> reference,
      Class<? extends DataStoreConfig> kind, Errors errors) {
    if (reference.isEmpty() || reference.get().isEmpty()) {
      return;
    }
    DataStoreConfig store = persistence.datastores().get(reference.get());
    String backend = kind == CassandraConfig.class ? "a cassandra" : "an elasticsearch";
    if (store == null) {
      errors.add("persistence." + key, "names datastore '" + reference.get()
          + "', which is not defined in persistence.datastores " + persistence.datastores().keySet());
    } else if (!kind.isInstance(store)) {
      errors.add("persistence." + key,
          "names datastore '" + reference.get() + "', which must be " + backend + " datastore");
    }
  }

  private static Map<String, DataStoreConfig> parseDataStores(Section persistence) {
    Map<String, Section> named = persistence.namedSections("datastores");
    if (named.isEmpty()) {
      persistence.error("datastores", "must define at least one datastore");
    }
    Map<String, DataStoreConfig> stores = new LinkedHashMap<>();
    named.forEach((name, store) -> stores.put(name, dataStore(name, store)));
    return stores;
  }

  private static DataStoreConfig dataStore(String name, Section store) {
    boolean hasCassandra = store.has("cassandra");
    boolean hasElasticsearch = store.has("elasticsearch");
    if (hasCassandra == hasElasticsearch) {
      store.errors().add(store.path(), hasCassandra
          ? "has both cassandra and elasticsearch; a datastore is exactly one of them"
          : "must have a cassandra or an elasticsearch section");
    }
    Optional<DataStoreConfig> cassandra = store.optionalSection("cassandra").map(s -> cassandra(name, s));
    Optional<DataStoreConfig> elasticsearch =
        store.optionalSection("elasticsearch").map(s -> elasticsearch(name, s));
    return cassandra.or(() -> elasticsearch)
        .orElseGet(() -> cassandra(name, store.sectionOrEmpty("cassandra")));
  }

  private static CassandraConfig cassandra(String name, Section cassandra) {
    int port = cassandra.has("port") ? Checks.port(cassandra, "port") : CassandraConfig.DEFAULT_PORT;
    List<String> hosts = hosts(cassandra, port);
    Section consistency = cassandra.sectionOrEmpty("consistency").sectionOrEmpty("default");
    return new CassandraConfig(
        name,
        hosts,
        port,
        cassandra.string("keyspace"),
        cassandra.string("user", ""),
        cassandra.secret("password"),
        cassandra.string("datacenter", ""),
        (int) Checks.atLeast(cassandra, "replicationFactor",
            cassandra.integer("replicationFactor", CassandraConfig.DEFAULT_REPLICATION_FACTOR), 1),
        Checks.positive(cassandra, "connectTimeout",
            cassandra.duration("connectTimeout", CassandraConfig.DEFAULT_CONNECT_TIMEOUT)),
        Checks.positive(cassandra, "requestTimeout",
            cassandra.duration("requestTimeout", CassandraConfig.DEFAULT_REQUEST_TIMEOUT)),
        (int) Checks.atLeast(cassandra, "maxConns",
            cassandra.integer("maxConns", CassandraConfig.DEFAULT_MAX_CONNS), 1),
        level(consistency, "consistency", CONSISTENCIES, CassandraConfig.DEFAULT_CONSISTENCY),
        level(consistency, "serialConsistency", SERIAL_CONSISTENCIES,
            CassandraConfig.DEFAULT_SERIAL_CONSISTENCY),
        TlsSection.parse(cassandra));
  }

  /** The comma-separated hosts, each checked as {@code host} or {@code host:port}. */
  private static List<String> hosts(Section cassandra, int port) {
    String text = cassandra.string("hosts");
    List<String> hosts = Arrays.stream(text.split(",")).map(String::trim).filter(h -> !h.isEmpty()).toList();
    if (hosts.isEmpty() && !text.isEmpty()) {
      cassandra.error("hosts", "lists no host");
    }
    for (String host : hosts) {
      try {
        HostPort.parse(host, port);
      } catch (IllegalArgumentException e) {
        cassandra.error("hosts", "bad host entry: " + e.getMessage());
      }
    }
    return hosts;
  }

  private static String level(Section section, String key, Set<String> allowed, String defaultValue) {
    return section.parsed(key, text -> {
      String level = text.trim().toUpperCase(Locale.ROOT);
      if (!allowed.contains(level)) {
        throw new IllegalArgumentException(
            "'" + text + "' is not one of " + String.join(", ", allowed.stream().sorted().toList()));
      }
      return level;
    }, defaultValue);
  }

  private static ElasticsearchConfig elasticsearch(String name, Section elasticsearch) {
    Section url = elasticsearch.section("url");
    String scheme = url.requiredParsed("scheme", text -> {
      if (!text.equals("http") && !text.equals("https")) {
        throw new IllegalArgumentException("'" + text + "' is not one of http, https");
      }
      return text;
    }, "http");
    HostPort host = url.requiredParsed("host",
        text -> HostPort.parse(text, ElasticsearchConfig.DEFAULT_PORT), Checks.PLACEHOLDER_ADDRESS);
    Section indices = elasticsearch.section("indices");
    Checks.notImplemented(indices, "secondary_visibility", "visibility records go to one index");
    TlsConfig tls = TlsSection.parse(elasticsearch);
    if (tls.enabled()) {
      elasticsearch.error("tls", "is not implemented by Conduit (the Elasticsearch client connects without TLS; use"
          + " url.scheme: https with the JVM's trusted CAs); remove it or set enabled: false");
    }
    return new ElasticsearchConfig(
        name,
        elasticsearch.string("version", ""),
        scheme,
        host,
        elasticsearch.string("username", ""),
        elasticsearch.secret("password"),
        indices.string("visibility"),
        indices.optionalString("secondary_visibility"),
        tls);
  }
}
