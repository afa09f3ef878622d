package dev.conduit.config.kafka;

import dev.conduit.config.HostPort;
import dev.conduit.config.TlsConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code kafka} section: named Kafka clusters with their brokers, the topics and which Kafka
 * cluster holds each, the replication topic pair of every Temporal cluster
 * ({@code temporal-cluster-topics}) and the topic pairs of other applications such as
 * {@code visibility}.
 */
public record KafkaConfig(
    TlsConfig tls,
    Map<String, List<HostPort>> clusters,
    Map<String, String> topics,
    Map<String, TopicPair> clusterTopics,
    Map<String, TopicPair> applications) {

  /** The application whose topics carry visibility records to the Elasticsearch indexer. */
  public static final String VISIBILITY_APPLICATION = "visibility";

  public KafkaConfig {
    Objects.requireNonNull(tls, "tls");
    Map<String, List<HostPort>> brokers = new LinkedHashMap<>();
    clusters.forEach((name, list) -> brokers.put(name, List.copyOf(list)));
    clusters = Collections.unmodifiableMap(brokers);
    topics = Collections.unmodifiableMap(new LinkedHashMap<>(topics));
    clusterTopics = Collections.unmodifiableMap(new LinkedHashMap<>(clusterTopics));
    applications = Collections.unmodifiableMap(new LinkedHashMap<>(applications));
  }

  /** The topics that carry replication tasks to {@code cluster}. */
  public Optional<TopicPair> replicationTopics(String cluster) {
    return Optional.ofNullable(clusterTopics.get(cluster));
  }

  public Optional<TopicPair> visibilityTopics() {
    return Optional.ofNullable(applications.get(VISIBILITY_APPLICATION));
  }

  /** The brokers of the Kafka cluster that holds {@code topic}. */
  public List<HostPort> brokersOf(String topic) {
    String cluster = topics.get(topic);
    if (cluster == null) {
      throw new IllegalArgumentException("unknown Kafka topic '" + topic + "'");
    }
    return clusters.get(cluster);
  }

  /** A topic and the dead-letter topic where messages that cannot be applied are parked. */
  public record TopicPair(String topic, String dlqTopic) {

    public TopicPair {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(dlqTopic, "dlqTopic");
    }
  }
}
