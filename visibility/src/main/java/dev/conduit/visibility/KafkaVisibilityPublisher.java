package dev.conduit.visibility;

import dev.conduit.config.HostPort;
import dev.conduit.proto.visibility.v1.VisibilityRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends visibility records to the cluster's visibility topic, keyed by workflow so one workflow's records stay in
 * one partition, with the idempotent producer and {@code acks=all}: {@link #publish} returns once the record is
 * durable in Kafka and throws otherwise (history retries the task).
 */
public final class KafkaVisibilityPublisher implements AutoCloseable {
  /** The kind header the cluster's Kafka consumer dispatches on. */
  public static final String KIND_HEADER = "conduit-task";
  public static final String KIND = "visibility";
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;

  public KafkaVisibilityPublisher(List<HostPort> brokers, String topic) {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        brokers.stream().map(HostPort::toString).collect(Collectors.joining(",")));
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    this.producer = new KafkaProducer<>(properties);
    this.topic = topic;
  }

  public void publish(VisibilityRecord record) {
    ProducerRecord<String, byte[]> message = new ProducerRecord<>(topic,
        record.getNamespaceId() + "/" + record.getWorkflowId(), record.toByteArray());
    message.headers().add(KIND_HEADER, KIND.getBytes(StandardCharsets.UTF_8));
    try {
      producer.send(message).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing a visibility record", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot publish a visibility record to " + topic + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
