package dev.conduit.config;

import static dev.conduit.config.TestConfigs.MINIMAL;
import static dev.conduit.config.TestConfigs.assertError;
import static dev.conduit.config.TestConfigs.edit;
import static dev.conduit.config.TestConfigs.load;
import static dev.conduit.config.TestConfigs.seed;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KafkaValidationTest {

  private static final String CLUSTER_TOPICS = "kafka.temporal-cluster-topics.";

  private static String seedWithoutKafka() {
    String seed = seed();
    return seed.substring(0, seed.indexOf("kafka:")) + seed.substring(seed.indexOf("archival:"));
  }

  @Test
  void kafkaMayBeAbsentWhenNothingNeedsIt() {
    assertThat(load(MINIMAL).kafka()).isEmpty();
  }

  @Test
  void kafkaMayBeAbsentWhenGlobalNamespacesReplicateOverRpc() {
    String yaml = edit(edit(seedWithoutKafka(), "type: kafka", "type: rpc"),
        "  advancedVisibilityStore: es-visibility\n", "");

    assertThat(load(yaml).kafka()).isEmpty();
  }

  @Test
  void kafkaIsRequiredWhenGlobalNamespacesReplicateThroughIt() {
    String yaml = edit(seedWithoutKafka(), "  advancedVisibilityStore: es-visibility\n", "");

    assertError(yaml, "kafka",
        "is required: clusterMetadata.enableGlobalNamespace is true and replicationConsumer.type is kafka");
  }

  @Test
  void kafkaIsRequiredForAdvancedVisibility() {
    String yaml = edit(seedWithoutKafka(), "enableGlobalNamespace: true", "enableGlobalNamespace: false");

    assertError(yaml, "kafka", "is required: persistence.advancedVisibilityStore is set");
  }

  @Test
  void enabledClusterWithoutClusterTopicsIsRejected() {
    String yaml = edit(seed(), "    other:\n      topic: other\n      dlq-topic: other-dlq\n", "");

    assertError(yaml, CLUSTER_TOPICS + "other",
        "is required: cluster 'other' is enabled and replication tasks reach it through Kafka");
  }

  @Test
  void disabledClusterNeedsNoClusterTopics() {
    String yaml = edit(seed(), "    other:\n      topic: other\n      dlq-topic: other-dlq\n", "");
    yaml = edit(yaml, "    other:\n      enabled: true", "    other:\n      enabled: false");

    assertThat(load(yaml).kafka().orElseThrow().replicationTopics("other")).isEmpty();
  }

  @Test
  void clusterTopicsNeedTopicAndDlqTopic() {
    assertError(edit(seed(), "      dlq-topic: standby-dlq\n", ""),
        CLUSTER_TOPICS + "standby.dlq-topic", "is required");
    assertError(edit(seed(), "      topic: standby\n", ""), CLUSTER_TOPICS + "standby.topic", "is required");
  }

  @Test
  void clusterTopicsMustBeDefinedInTopics() {
    String yaml = edit(seed(), "dlq-topic: standby-dlq", "dlq-topic: standby-dead-letters");

    assertError(yaml, CLUSTER_TOPICS + "standby.dlq-topic",
        "names topic 'standby-dead-letters', which is not defined in kafka.topics");
  }

  @Test
  void clusterTopicsForAnUnknownClusterAreRejected() {
    String yaml = edit(seed(), "  temporal-cluster-topics:\n",
        "  temporal-cluster-topics:\n    mars:\n      topic: active\n      dlq-topic: active-dlq\n");

    assertError(yaml, CLUSTER_TOPICS + "mars", "names no cluster of clusterMetadata.clusterInformation");
  }

  @Test
  void dlqTopicMustDifferFromTopic() {
    assertError(edit(seed(), "dlq-topic: standby-dlq", "dlq-topic: standby"),
        CLUSTER_TOPICS + "standby.dlq-topic", "must differ from topic 'standby'");
  }

  @Test
  void topicOnAnUnknownKafkaClusterIsRejected() {
    String yaml = edit(seed(), "    standby-dlq:\n      cluster: test", "    standby-dlq:\n      cluster: prod");

    assertError(yaml, "kafka.topics.standby-dlq.cluster",
        "names Kafka cluster 'prod', which is not in kafka.clusters [test]");
  }

  @Test
  void visibilityApplicationIsRequiredForAdvancedVisibility() {
    String yaml = edit(seed(), "  applications:\n    visibility:\n", "  applications:\n    audit:\n");

    assertError(yaml, "kafka.applications.visibility",
        "is required because persistence.advancedVisibilityStore is set");
  }

  @Test
  void badBrokerAddressIsReportedWithItsIndex() {
    assertError(edit(seed(), "- 10.12.4.26:9092", "- 10.12.4.26"),
        "kafka.clusters.test.brokers[1]", "has no port");
  }

  @Test
  void kafkaClusterNeedsBrokers() {
    String yaml = edit(seed(), "    test:\n      brokers:", "    test:\n      brokers: []\n      old-brokers:");

    assertError(yaml, "kafka.clusters.test.brokers", "must list the host:port of at least one broker");
  }
}
