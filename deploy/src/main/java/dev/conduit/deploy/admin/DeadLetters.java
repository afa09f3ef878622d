package dev.conduit.deploy.admin;

import dev.conduit.config.ClusterConfig;
import dev.conduit.config.HostPort;
import dev.conduit.config.kafka.KafkaConfig;
import dev.conduit.replication.service.ReplicationTaskConsumer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One cluster's replication DLQ, as {@code conduit admin dlq read|purge|merge} sees it. Kafka keeps the parked
 * tasks; which of them the operator has dealt with is a cursor, the committed offsets of the consumer group
 * {@code conduit-dlq-cursor-<dlq topic>}. {@link #read} lists the tasks from the cursor on, {@link #purge} moves the
 * cursor to the end (the tasks are dropped), {@link #merge} puts each task back where it was taken from (the topic
 * and partition its {@value ReplicationTaskConsumer#ORIGIN_HEADER} header names: the replication topic of the source
 * cluster that sent it, or the visibility topic), as it was with its kind, for that topic's consumer to apply again
 * (a task that still fails is parked again), and then moves the cursor. Appliers are idempotent, so a merge cut
 * short and run again does no harm.
 */
public final class DeadLetters implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration READ_LIMIT = Duration.ofSeconds(30);

  /** A parked task. */
  public record Letter(int partition, long offset, String kind, String key, int bytes, String error, String origin,
      Instant parkedAt) {}

  private final String dlqTopic;
  /** Where a task parked without an origin header goes back: the visibility topic; replication has no such topic. */
  private final Optional<String> defaultTopic;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Properties producerProperties;

  private DeadLetters(List<HostPort> brokers, Optional<String> defaultTopic, String dlqTopic) {
    this.dlqTopic = dlqTopic;
    this.defaultTopic = defaultTopic;
    String bootstrap = brokers.stream().map(HostPort::toString).collect(Collectors.joining(","));
    Properties consumerProperties = new Properties();
    consumerProperties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    consumerProperties.put(ConsumerConfig.GROUP_ID_CONFIG, "conduit-dlq-cursor-" + dlqTopic);
    consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProperties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerProperties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    this.consumer = new KafkaConsumer<>(consumerProperties, new StringDeserializer(), new ByteArrayDeserializer());
    this.producerProperties = new Properties();
    producerProperties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerProperties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
  }

  /** Which of the cluster's Kafka consumers parked the tasks: replication or the visibility indexer. */
  public enum Queue {
    REPLICATION,
    VISIBILITY;

    /** {@code replication} or {@code visibility}, as the command line names them. */
    public static Queue named(String name) {
      return switch (name) {
        case "replication" -> REPLICATION;
        case "visibility" -> VISIBILITY;
        default -> throw new IllegalArgumentException("--queue is replication or visibility, not '" + name + "'");
      };
    }
  }

  /** The replication DLQ of the cluster {@code config} describes (its {@code kafka.temporal-cluster-topics} entry). */
  public static DeadLetters of(ClusterConfig config) {
    return of(config, Queue.REPLICATION);
  }

  /**
   * The DLQ of {@code queue} in the cluster {@code config} describes: replication's ({@code kafka.temporal-cluster-topics})
   * or the visibility indexer's ({@code kafka.applications.visibility}); a merge puts tasks back on that queue's topic.
   */
  public static DeadLetters of(ClusterConfig config, Queue queue) {
    String current = config.clusterMetadata().currentClusterName();
    KafkaConfig kafka = config.kafka().orElseThrow(() -> new IllegalArgumentException(
        "cluster " + current + " has no kafka section: it has no DLQ"));
    KafkaConfig.TopicPair topics = switch (queue) {
      case REPLICATION -> kafka.replicationTopics(current).orElseThrow(() -> new IllegalArgumentException(
          "kafka.temporal-cluster-topics has no entry for cluster " + current));
      case VISIBILITY -> kafka.visibilityTopics().orElseThrow(() -> new IllegalArgumentException(
          "kafka.applications has no visibility entry: cluster " + current + " has no visibility DLQ"));
    };
    return new DeadLetters(kafka.brokersOf(topics.dlqTopic()),
        queue == Queue.VISIBILITY ? Optional.of(topics.topic()) : Optional.empty(), topics.dlqTopic());
  }

  public String dlqTopic() {
    return dlqTopic;
  }

  /** The parked tasks from the cursor on, oldest first, at most {@code limit}. */
  public List<Letter> read(int limit) {
    List<Letter> letters = new ArrayList<>();
    scan(record -> {
      letters.add(letter(record));
      return letters.size() < limit;
    });
    return letters;
  }

  /** Drops every parked task from the cursor on; returns how many. */
  public int purge() {
    Map<TopicPartition, Long> ends = fromCursor();
    int dropped = 0;
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      dropped += (int) (end.getValue() - consumer.position(end.getKey()));
    }
    commit(ends);
    return dropped;
  }

  /** Puts every parked task from the cursor on back on the topic it was taken from; returns how many. */
  public int merge() {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    Map<TopicPartition, Long> ends = scan(record -> records.add(record) || true);
    List<ProducerRecord<String, byte[]>> again = records.stream().map(this::again).toList(); // all, before any send
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(producerProperties, new StringSerializer(), new ByteArraySerializer())) {
      List<Future<?>> sends = new ArrayList<>();
      for (ProducerRecord<String, byte[]> record : again) {
        sends.add(producer.send(record));
      }
      for (Future<?> send : sends) {
        send.get(30, TimeUnit.SECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not take the merged tasks back from " + dlqTopic
          + "; nothing was marked merged, run the merge again: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while merging " + dlqTopic, e);
    }
    commit(ends);
    return records.size();
  }

  /** A parked task as it goes back to where it was taken from, with its kind. */
  private ProducerRecord<String, byte[]> again(ConsumerRecord<String, byte[]> parked) {
    Origin origin = Origin.of(header(parked, ReplicationTaskConsumer.ORIGIN_HEADER, ""))
        .or(() -> defaultTopic.map(topic -> new Origin(topic, null)))
        .orElseThrow(() -> new IllegalStateException("the task at " + dlqTopic + "-" + parked.partition() + "@"
            + parked.offset() + " names no topic it came from; nothing was merged (purge it to go on)"));
    ProducerRecord<String, byte[]> again = new ProducerRecord<>(origin.topic(), origin.partition(), parked.key(),
        parked.value());
    Header kind = parked.headers().lastHeader(ReplicationTaskConsumer.KIND_HEADER);
    if (kind != null) {
      again.headers().add(ReplicationTaskConsumer.KIND_HEADER, kind.value());
    }
    return again;
  }

  /**
   * Where a parked task was taken from, as its origin header says ({@code <topic>-<partition>@<offset>}); a
   * visibility record parked without one goes back to the visibility topic, its partition chosen by its key.
   */
  record Origin(String topic, Integer partition) {

    static Optional<Origin> of(String header) {
      int at = header.lastIndexOf('@');
      int dash = at < 0 ? -1 : header.lastIndexOf('-', at);
      if (dash <= 0) {
        return Optional.empty();
      }
      try {
        return Optional.of(new Origin(header.substring(0, dash), Integer.parseInt(header.substring(dash + 1, at))));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
  }

  /** Reads from the cursor to the end as it was when the scan began, while {@code more} says so; returns that end. */
  private Map<TopicPartition, Long> scan(Predicate<ConsumerRecord<String, byte[]>> more) {
    Map<TopicPartition, Long> ends = fromCursor();
    Instant giveUp = Instant.now().plus(READ_LIMIT);
    while (!caughtUp(ends)) {
      if (Instant.now().isAfter(giveUp)) {
        throw new IllegalStateException("could not read " + dlqTopic + " to its end within " + READ_LIMIT.toSeconds() + " s");
      }
      for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
        if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition())) && !more.test(record)) {
          return ends;
        }
      }
    }
    return ends;
  }

  /** Assigns every partition of the DLQ and seeks to the cursor; returns the end offsets. */
  private Map<TopicPartition, Long> fromCursor() {
    List<PartitionInfo> partitions = consumer.partitionsFor(dlqTopic);
    if (partitions == null || partitions.isEmpty()) {
      throw new IllegalStateException("topic " + dlqTopic + " does not exist (has the replication role run?)");
    }
    List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(assigned);
    Map<TopicPartition, OffsetAndMetadata> cursor = consumer.committed(new java.util.HashSet<>(assigned));
    Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(assigned);
    for (TopicPartition partition : assigned) {
      OffsetAndMetadata at = cursor.get(partition);
      consumer.seek(partition, at == null ? beginnings.get(partition) : Math.max(at.offset(), beginnings.get(partition)));
    }
    return new HashMap<>(consumer.endOffsets(assigned));
  }

  private boolean caughtUp(Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
  }

  private void commit(Map<TopicPartition, Long> ends) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    ends.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
    consumer.commitSync(offsets);
  }

  private static Letter letter(ConsumerRecord<String, byte[]> record) {
    return new Letter(record.partition(), record.offset(), header(record, ReplicationTaskConsumer.KIND_HEADER, "namespace"),
        record.key() == null ? "" : record.key(), record.value() == null ? 0 : record.value().length,
        header(record, ReplicationTaskConsumer.ERROR_HEADER, ""), header(record, ReplicationTaskConsumer.ORIGIN_HEADER, ""),
        Instant.ofEpochMilli(record.timestamp()));
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name, String absent) {
    Header header = record.headers().lastHeader(name);
    return header == null ? absent : new String(header.value(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
