package dev.conduit.config.internal;

import dev.conduit.config.ClusterConfig;
import dev.conduit.config.HostPort;
import dev.conduit.config.TlsConfig;
import dev.conduit.config.cluster.ClusterInformation;
import dev.conduit.config.cluster.ClusterMetadataConfig;
import dev.conduit.config.kafka.KafkaConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and checks the {@code kafka} section. The section may be absent when nothing needs Kafka: it
 * is required when global namespaces replicate through Kafka ({@code enableGlobalNamespace: true} with
 * {@code replicationConsumer.type: kafka}), and when an {@code advancedVisibilityStore} is set, since
 * visibility records reach Elasticsearch through {@code applications.visibility}.
 */
final class KafkaSection {

  private static final String CLUSTER_TOPICS = "temporal-cluster-topics";

  private KafkaSection() {}

  static KafkaConfig parse(Section kafka) {
    Map<String, List<HostPort>> clusters = new LinkedHashMap<>();
    kafka.namedSections("clusters").forEach((name, cluster) -> {
      List<HostPort> brokers = cluster.list("brokers", HostPort::parse);
      if (brokers.isEmpty() && !cluster.errors().hasErrorWithin(cluster.path("brokers"))) {
        cluster.error("brokers", "must list the host:port of at least one broker");
      }
      clusters.put(name, brokers);
    });
    Map<String, String> topics = new LinkedHashMap<>();
    kafka.namedSections("topics").forEach((name, topic) -> topics.put(name, topic.string("cluster")));
    Map<String, KafkaConfig.TopicPair> clusterTopics = topicPairs(kafka, CLUSTER_TOPICS);
    Map<String, KafkaConfig.TopicPair> applications = topicPairs(kafka, "applications");
    TlsConfig tls = TlsSection.parse(kafka);
    if (tls.enabled()) {
      kafka.error("tls", "is not implemented by Conduit (the Kafka clients connect without TLS); remove it or set enabled: false");
    }
    return new KafkaConfig(tls, clusters, topics, clusterTopics, applications);
  }

  private static Map<String, KafkaConfig.TopicPair> topicPairs(Section kafka, String key) {
    Map<String, KafkaConfig.TopicPair> pairs = new LinkedHashMap<>();
    kafka.namedSections(key).forEach((name, pair) -> {
      KafkaConfig.TopicPair topics =
          new KafkaConfig.TopicPair(pair.string("topic"), pair.string("dlq-topic"));
      if (!topics.topic().isEmpty() && topics.topic().equals(topics.dlqTopic())) {
        pair.error("dlq-topic", "must differ from topic '" + topics.topic() + "'");
      }
      pairs.put(name, topics);
    });
    return pairs;
  }

  static void validate(ClusterConfig config, Errors errors) {
    ClusterMetadataConfig metadata = config.clusterMetadata();
    boolean needsVisibility = config.persistence().advancedVisibilityStore().isPresent();
    if (config.kafka().isEmpty()) {
      List<String> reasons = new ArrayList<>();
      if (metadata.replicatesThroughKafka()) {
        reasons.add("clusterMetadata.enableGlobalNamespace is true and replicationConsumer.type is kafka");
      }
      if (needsVisibility) {
        reasons.add("persistence.advancedVisibilityStore is set and visibility records reach it through "
            + "kafka.applications.visibility");
      }
      if (!reasons.isEmpty()) {
        errors.add("kafka", "is required: " + String.join("; ", reasons));
      }
      return;
    }
    KafkaConfig kafka = config.kafka().get();
    kafka.topics().forEach((topic, cluster) -> {
      if (!cluster.isEmpty() && !kafka.clusters().containsKey(cluster)) {
        errors.add("kafka.topics." + topic + ".cluster", "names Kafka cluster '" + cluster
            + "', which is not in kafka.clusters " + kafka.clusters().keySet());
      }
    });
    kafka.clusterTopics().forEach((cluster, pair) -> {
      String path = "kafka." + CLUSTER_TOPICS + "." + cluster;
      if (!metadata.clusterInformation().containsKey(cluster)) {
        errors.add(path, "names no cluster of clusterMetadata.clusterInformation "
            + metadata.clusterInformation().keySet());
      }
      checkTopicsDefined(kafka, path, pair, errors);
    });
    if (metadata.replicatesThroughKafka()) {
      metadata.clusterInformation().forEach(
          (cluster, info) -> requireClusterTopics(kafka, cluster, info, errors));
    }
    kafka.applications().forEach((application, pair) ->
        checkTopicsDefined(kafka, "kafka.applications." + application, pair, errors));
    if (needsVisibility && kafka.visibilityTopics().isEmpty()) {
      errors.add("kafka.applications." + KafkaConfig.VISIBILITY_APPLICATION,
          "is required because persistence.advancedVisibilityStore is set");
    }
  }

  private static void requireClusterTopics(
      KafkaConfig kafka, String cluster, ClusterInformation info, Errors errors) {
    if (info.enabled() && !kafka.clusterTopics().containsKey(cluster)) {
      errors.add("kafka." + CLUSTER_TOPICS + "." + cluster, "is required: cluster '" + cluster
          + "' is enabled and replication tasks reach it through Kafka; give its topic and dlq-topic");
    }
  }

  private static void checkTopicsDefined(
      KafkaConfig kafka, String path, KafkaConfig.TopicPair pair, Errors errors) {
    checkTopicDefined(kafka, path + ".topic", pair.topic(), errors);
    checkTopicDefined(kafka, path + ".dlq-topic", pair.dlqTopic(), errors);
  }

  private static void checkTopicDefined(KafkaConfig kafka, String path, String topic, Errors errors) {
    if (!topic.isEmpty() && !kafka.topics().containsKey(topic)) {
      errors.add(path, "names topic '" + topic + "', which is not defined in kafka.topics");
    }
  }
}
