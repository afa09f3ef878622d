package dev.conduit.it.dependencies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.config.ClusterConfig;
import dev.conduit.config.ConfigLoader;
import dev.conduit.config.kafka.KafkaConfig;
import dev.conduit.deploy.local.LocalDependencies;
import dev.conduit.it.support.RealServers;
import dev.conduit.replication.kafka.KafkaTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Produce and consume through the topics the local cluster config names, on the real Kafka. */
class KafkaIT {
  private static KafkaConfig kafka;
  private static String brokers;

  @BeforeAll
  static void startKafka() {
    RealServers.require(LocalDependencies.KAFKA);
    ClusterConfig config = ConfigLoader.fromSystemEnvironment().load(Path.of("..", "deploy", "config", "development.yaml"));
    kafka = config.kafka().orElseThrow();
    KafkaTopics.ensure(kafka, 1);
    brokers = "127.0.0.1:" + LocalDependencies.KAFKA_PORT;
  }

  @Test
  void everyConfiguredTopicExistsAfterEnsureAndEnsureIsIdempotent() throws Exception {
    assertThat(KafkaTopics.ensure(kafka, 1)).isEmpty();
    try (Admin admin = Admin.create(KafkaTopics.adminProperties(kafka.brokersOf(kafka.topics().keySet().iterator().next())))) {
      assertThat(admin.listTopics().names().get()).containsAll(kafka.topics().keySet());
    }
  }

  @Test
  void messageSentToTheClustersReplicationTopicIsConsumedInOrder() {
    String cluster = "active";
    String topic = kafka.replicationTopics(cluster).orElseThrow().topic();
    String run = UUID.randomUUID().toString();
    List<String> sent = List.of(run + "-1", run + "-2", run + "-3");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties())) {
      for (String value : sent) {
        producer.send(new ProducerRecord<>(topic, "namespace-a", value));
      }
      producer.flush();
    }
    assertThat(consume(topic, run)).containsExactlyElementsOf(sent);
  }

  @Test
  void dlqTopicOfTheClusterIsSeparateFromItsTopic() {
    KafkaConfig.TopicPair pair = kafka.replicationTopics("active").orElseThrow();
    assertThat(pair.dlqTopic()).isNotEqualTo(pair.topic());
    String run = UUID.randomUUID().toString();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties())) {
      producer.send(new ProducerRecord<>(pair.dlqTopic(), "poison", run + "-poison"));
      producer.flush();
    }
    assertThat(consume(pair.dlqTopic(), run)).containsExactly(run + "-poison");
    assertThat(consume(pair.topic(), run)).isEmpty();
  }

  private static Properties producerProperties() {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return properties;
  }

  /** Reads the topic from the beginning with a fresh group and keeps this run's values. */
  private static List<String> consume(String topic, String run) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, "kafka-it-" + UUID.randomUUID());
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<String> received = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
      consumer.subscribe(List.of(topic));
      // read until the end offsets seen once assigned: everything produced before this call
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      while (Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.value().startsWith(run)) {
            received.add(record.value());
          }
        }
        if (!consumer.assignment().isEmpty()) {
          var end = consumer.endOffsets(consumer.assignment());
          if (consumer.assignment().stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
            break;
          }
        }
      }
    }
    return received;
  }
}
