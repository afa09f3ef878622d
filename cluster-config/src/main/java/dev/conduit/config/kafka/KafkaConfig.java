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

  /**
   * The {@code temporal-cluster-topics} entry of {@code cluster}: its topic names the family of topics that carry
   * replication tasks to it, one per source cluster ({@link #replicationTopic}); its DLQ topic parks the tasks it
   * could not apply, whichever cluster sent them.
   */
  public Optional<TopicPair> replicationTopics(String cluster) {
    return Optional.ofNullable(clusterTopics.get(cluster));
  }

  /**
   * The topic that carries replication tasks from cluster {@code source} to cluster {@code destination},
   * {@code <destination's topic>-from-<source>}, held by the Kafka cluster of the destination's topic. Each source
   * has a topic of its own so that the destination consumes each with a consumer group of its own: a source whose
   * tasks wait (a gap fill from a source that does not answer) or flood never holds back another's.
   */
  public Optional<String> replicationTopic(String destination, String source) {
    return replicationTopics(destination).map(pair -> pair.topic() + "-from-" + source);
  }

  public Optional<TopicPair> visibilityTopics() {
    return Optional.ofNullable(applications.get(VISIBILITY_APPLICATION));
  }

  /**
   * The brokers of the Kafka cluster that holds {@code topic}: a topic of {@code topics}, or a replication topic from a
   * source cluster ({@link #replicationTopic}), held where its destination's topic is.
   */
  public List<HostPort> brokersOf(String topic) {
    String cluster = topics.get(topic);
    if (cluster == null) {
      cluster = clusterTopics.values().stream().filter(pair -> topic.startsWith(pair.topic() + "-from-"))
          .map(pair -> topics.get(pair.topic())).filter(Objects::nonNull).findFirst().orElse(null);
    }
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
