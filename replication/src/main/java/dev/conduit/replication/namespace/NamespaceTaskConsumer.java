package dev.conduit.replication.namespace;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.proto.replication.v1.NamespaceReplicationTask;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes this cluster's replication topic (one consumer group per cluster) and applies each namespace
 * task. Offsets are committed only after every record of the poll was applied durably or parked in the
 * DLQ topic after {@link #APPLY_ATTEMPTS} attempts; any other failure restarts from the committed offset.
 */
public final class NamespaceTaskConsumer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NamespaceTaskConsumer.class);
  static final int APPLY_ATTEMPTS = 3;
  private static final Duration RETRY_BACKOFF = Duration.ofMillis(200);

  private final Properties consumerProperties;
  private final String topic;
  private final String dlqTopic;
  private final KafkaProducer<String, byte[]> dlqProducer;
  private final NamespaceTaskApplier applier;
  private final java.util.function.Consumer<NamespaceReplicationTask> applied;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile KafkaConsumer<String, byte[]> consumer;

  public NamespaceTaskConsumer(Properties consumerProperties, String topic, String dlqTopic,
      KafkaProducer<String, byte[]> dlqProducer, NamespaceTaskApplier applier) {
    this(consumerProperties, topic, dlqTopic, dlqProducer, applier, task -> { });
  }

  /** Like the other constructor; {@code applied} hears of every task once its apply is durable (for the progress operators see). */
  public NamespaceTaskConsumer(Properties consumerProperties, String topic, String dlqTopic,
      KafkaProducer<String, byte[]> dlqProducer, NamespaceTaskApplier applier,
      java.util.function.Consumer<NamespaceReplicationTask> applied) {
    this.applied = applied;
    this.consumerProperties = (Properties) consumerProperties.clone();
    this.consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumerProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    this.consumerProperties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    this.consumerProperties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    this.topic = topic;
    this.dlqTopic = dlqTopic;
    this.dlqProducer = dlqProducer;
    this.applier = applier;
    this.thread = new Thread(this::run, "namespace-replication-consumer");
    this.thread.setDaemon(true);
  }

  public NamespaceTaskConsumer start() {
    thread.start();
    return this;
  }

  private void run() {
    while (running) {
      try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerProperties)) {
        consumer = c;
        c.subscribe(List.of(topic));
        while (running) {
          ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(500));
          for (ConsumerRecord<String, byte[]> record : records) {
            handle(record);
          }
          if (!records.isEmpty()) {
            c.commitSync();
          }
        }
      } catch (WakeupException e) {
        // closing
      } catch (RuntimeException e) {
        log.warn("namespace replication consumer of {} failed; resuming from the committed offset", topic, e);
        sleep(RETRY_BACKOFF.multipliedBy(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void handle(ConsumerRecord<String, byte[]> record) throws InterruptedException {
    RuntimeException last = null;
    for (int attempt = 1; attempt <= APPLY_ATTEMPTS; attempt++) {
      try {
        NamespaceReplicationTask task = NamespaceReplicationTask.parseFrom(record.value());
        NamespaceTaskApplier.Outcome outcome = applier.apply(task);
        log.info("namespace {} from {}: {}", task.getNamespace().getInfo().getName(), task.getSourceCluster(), outcome);
        recordApplied(task);
        return;
      } catch (InvalidProtocolBufferException e) {
        last = new IllegalArgumentException("not a namespace replication task: " + e.getMessage(), e);
        break; // will never parse
      } catch (RuntimeException e) {
        last = e;
        if (attempt < APPLY_ATTEMPTS) {
          Thread.sleep(RETRY_BACKOFF.toMillis() * attempt);
        }
      }
    }
    log.error("namespace task at {}-{}@{} cannot be applied; parking it in {}", record.topic(), record.partition(),
        record.offset(), dlqTopic, last);
    try {
      dlqProducer.send(new ProducerRecord<>(dlqTopic, record.key(), record.value())).get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot park a failed namespace task in " + dlqTopic, e);
    }
  }

  private void recordApplied(NamespaceReplicationTask task) {
    try {
      applied.accept(task);
    } catch (RuntimeException e) {
      // progress is for operators only: a failed record must not re-apply or park the task
      log.warn("cannot record namespace task of {} from {} as applied", task.getNamespace().getInfo().getName(),
          task.getSourceCluster(), e);
    }
  }

  private void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    thread.join(10_000);
  }
}
