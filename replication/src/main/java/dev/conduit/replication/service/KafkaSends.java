package dev.conduit.replication.service;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A Kafka send that returns only once the broker acknowledged the record. */
final class KafkaSends {
  private static final long ACK_TIMEOUT_SECONDS = 40;

  private KafkaSends() {}

  static void acknowledged(Producer<String, byte[]> producer, String topic, String key, byte[] value) {
    acknowledged(producer, topic, key, value, ReplicationTaskConsumer.NAMESPACE);
  }

  /**
   * Sends to partition {@code partition} of {@code topic} with the kind header; the future completes when the broker
   * acknowledged the record.
   */
  static Future<?> async(Producer<String, byte[]> producer, String topic, int partition, String key, byte[] value,
      String kind) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, partition, key, value);
    record.headers().add(ReplicationTaskConsumer.KIND_HEADER, kind.getBytes(StandardCharsets.UTF_8));
    return producer.send(record);
  }

  /** Sends with the {@link ReplicationTaskConsumer#KIND_HEADER} header naming the task's kind. */
  static void acknowledged(Producer<String, byte[]> producer, String topic, String key, byte[] value, String kind) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
    record.headers().add(ReplicationTaskConsumer.KIND_HEADER, kind.getBytes(StandardCharsets.UTF_8));
    try {
      producer.send(record).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not acknowledge a send to " + topic + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending to " + topic, e);
    }
  }
}
