package dev.conduit.config;

import static dev.conduit.config.TestConfigs.MINIMAL;
import static dev.conduit.config.TestConfigs.assertError;
import static dev.conduit.config.TestConfigs.edit;
import static dev.conduit.config.TestConfigs.seed;

import org.junit.jupiter.api.Test;

class PersistenceValidationTest {

  private static final String STORES = "persistence.datastores.";

  @Test
  void storeReferenceMustBeDefinedInDatastores() {
    String yaml = edit(MINIMAL, "defaultStore: default", "defaultStore: missing");

    assertError(yaml, "persistence.defaultStore",
        "names datastore 'missing', which is not defined in persistence.datastores [default, visibility]");
  }

  @Test
  void visibilityStoreMustBeDefined() {
    String yaml = edit(MINIMAL, "visibilityStore: visibility", "visibilityStore: vis");

    assertError(yaml, "persistence.visibilityStore", "names datastore 'vis', which is not defined");
  }

  @Test
  void advancedVisibilityStoreMustBeDefinedAndElasticsearch() {
    assertError(edit(seed(), "advancedVisibilityStore: es-visibility", "advancedVisibilityStore: es"),
        "persistence.advancedVisibilityStore", "names datastore 'es', which is not defined");
    assertError(
        edit(seed(), "advancedVisibilityStore: es-visibility", "advancedVisibilityStore: cass-visibility"),
        "persistence.advancedVisibilityStore", "which must be an elasticsearch datastore");
  }

  @Test
  void defaultStoreMustBeCassandra() {
    assertError(edit(seed(), "defaultStore: cass-default", "defaultStore: es-visibility"),
        "persistence.defaultStore", "names datastore 'es-visibility', which must be a cassandra datastore");
  }

  @Test
  void someVisibilityStoreIsRequired() {
    assertError(edit(MINIMAL, "  visibilityStore: visibility\n", ""),
        "persistence.visibilityStore", "is required unless advancedVisibilityStore is set");
  }

  @Test
  void datastoreWithNeitherBackendIsRejected() {
    String yaml = edit(MINIMAL, "    visibility:\n      cassandra:\n", "    visibility:\n      mysql:\n");

    assertError(yaml, STORES + "visibility", "must have a cassandra or an elasticsearch section");
  }

  @Test
  void datastoreWithBothBackendsIsRejected() {
    String yaml = edit(MINIMAL, "    visibility:\n      cassandra:\n",
        "    visibility:\n      elasticsearch:\n        url: {scheme: http, host: \"127.0.0.1:9200\"}\n"
            + "        indices: {visibility: v}\n      cassandra:\n");

    assertError(yaml, STORES + "visibility", "has both cassandra and elasticsearch");
  }

  @Test
  void numHistoryShardsBelowOneIsRejected() {
    assertError(edit(MINIMAL, "numHistoryShards: 1", "numHistoryShards: 0"),
        "persistence.numHistoryShards", "must be at least 1, was 0");
    assertError(edit(MINIMAL, "  numHistoryShards: 1\n", ""), "persistence.numHistoryShards", "is required");
  }

  @Test
  void badCassandraHostEntryIsRejected() {
    String yaml = edit(MINIMAL, "hosts: \"127.0.0.1\"\n        keyspace: temporal\n",
        "hosts: \"127.0.0.1, 10.0.0.300:9042\"\n        keyspace: temporal\n");

    assertError(yaml, STORES + "default.cassandra.hosts",
        "bad host entry: '10.0.0.300' is not a valid host name or IP address");
  }

  @Test
  void cassandraPortAndTimeoutsAreChecked() {
    String yaml = edit(MINIMAL, "keyspace: temporal\n",
        "keyspace: temporal\n        port: 0\n        connectTimeout: 5\n        requestTimeout: 0s\n");

    assertError(yaml, STORES + "default.cassandra.port", "port 0 is not in 1..65535");
    assertError(yaml, STORES + "default.cassandra.connectTimeout",
        "expected a duration such as 30s but found an integer");
    assertError(yaml, STORES + "default.cassandra.requestTimeout", "must be longer than 0");
  }

  @Test
  void unknownConsistencyLevelIsRejected() {
    String yaml = edit(MINIMAL, "keyspace: temporal\n",
        "keyspace: temporal\n        consistency:\n          default:\n            consistency: most\n");

    assertError(yaml, STORES + "default.cassandra.consistency.default.consistency",
        "'most' is not one of ALL, ANY");
  }

  @Test
  void elasticsearchUrlIsChecked() {
    assertError(edit(seed(), "scheme: \"http\"", "scheme: \"ftp\""),
        STORES + "es-visibility.elasticsearch.url.scheme", "'ftp' is not one of http, https");
    assertError(edit(seed(), "host: \"127.0.0.1:9200\"", "host: \"127.0.0.1:92OO\""),
        STORES + "es-visibility.elasticsearch.url.host", "has a bad port '92OO'");
    assertError(edit(seed(), "        indices:\n          visibility: temporal-visibility-dev\n", ""),
        STORES + "es-visibility.elasticsearch.indices", "is required");
  }

  @Test
  void tlsCertificateNeedsItsKey() {
    String yaml = edit(MINIMAL, "keyspace: temporal\n",
        "keyspace: temporal\n        tls:\n          enabled: true\n          certFile: /etc/c.pem\n");

    assertError(yaml, STORES + "default.cassandra.tls.keyFile", "is required when certFile is set");
  }
}
