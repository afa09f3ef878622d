package dev.conduit.replication.kafka;

import dev.conduit.config.HostPort;
import dev.conduit.config.kafka.KafkaConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics a cluster config names ({@code kafka.topics}), each on its Kafka cluster. Brokers run
 * with {@code auto.create.topics.enable=false}, so a topic missing here is a config mistake that surfaces
 * at set-up time instead of as a silently auto-created, wrongly sized topic.
 */
public final class KafkaTopics {
  private static final Logger log = LoggerFactory.getLogger(KafkaTopics.class);
  private static final long TIMEOUT_SECONDS = 60;
  /**
   * Partitions of the topics Conduit creates: as many replication or indexer hosts as this can consume one topic
   * together. A topic keeps the count it was created with (growing it would move a source shard to another partition
   * while its older tasks wait in the first).
   */
  public static final int PARTITIONS = 8;

  private KafkaTopics() {}

  /** Admin client properties for a list of brokers. */
  public static Properties adminProperties(List<HostPort> brokers) {
    Properties properties = new Properties();
    properties.put(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        brokers.stream().map(HostPort::toString).collect(Collectors.joining(",")));
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
    return properties;
  }

  /**
   * Creates every configured topic that does not exist yet, with {@code partitions} partitions and as
   * many replicas as the Kafka cluster has brokers, up to 3. Returns the topics it created.
   */
  public static List<String> ensure(KafkaConfig config, int partitions) {
    Map<String, List<String>> topicsByCluster = new LinkedHashMap<>();
    config.topics().forEach((topic, cluster) -> topicsByCluster.computeIfAbsent(cluster, c -> new ArrayList<>()).add(topic));
    List<String> created = new ArrayList<>();
    topicsByCluster.forEach((cluster, topics) -> created.addAll(ensureOn(config.clusters().get(cluster), topics, partitions)));
    return created;
  }

  /** The partition of a replication topic with {@code partitions} partitions that carries a source shard's tasks. */
  public static int partitionOf(int shard, int partitions) {
    return Math.floorMod(shard, partitions);
  }

  /** Creates those of {@code topics} that do not exist yet on {@code brokers}; returns the ones it created. */
  public static List<String> ensureTopics(List<HostPort> brokers, List<String> topics, int partitions) {
    return ensureOn(brokers, topics, partitions);
  }

  private static List<String> ensureOn(List<HostPort> brokers, List<String> topics, int partitions) {
    try (Admin admin = Admin.create(adminProperties(brokers))) {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      int brokerCount = admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).size();
      short replicas = (short) Math.max(1, Math.min(3, brokerCount));
      List<NewTopic> missing =
          topics.stream().filter(t -> !existing.contains(t)).map(t -> new NewTopic(t, partitions, replicas)).toList();
      List<String> created = new ArrayList<>();
      for (NewTopic topic : missing) {
        try {
          admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          created.add(topic.name());
          log.info("created Kafka topic {} ({} partitions, {} replicas)", topic.name(), partitions, replicas);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
      return created;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create Kafka topics " + topics + " on " + brokers + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating Kafka topics", e);
    }
  }
}
