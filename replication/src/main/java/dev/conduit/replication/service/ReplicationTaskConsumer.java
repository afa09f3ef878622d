package dev.conduit.replication.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes this cluster's replication topic (one consumer group per cluster) and applies each task through
 * the {@link TaskApplier} of its kind, named by the record's {@value #KIND_HEADER} header ({@value #NAMESPACE}
 * when absent). Offsets are committed only after every record of the poll was applied durably or parked in
 * the DLQ topic after {@link #APPLY_ATTEMPTS} attempts; a {@link RetryLaterException} is retried until it
 * passes; any other failure restarts from the committed offset.
 */
public final class ReplicationTaskConsumer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReplicationTaskConsumer.class);
  /** Headers of a parked task: why its last attempt failed, and where it was taken from ("topic-partition@offset"). */
  public static final String ERROR_HEADER = "conduit-error";
  public static final String ORIGIN_HEADER = "conduit-origin";

  /** The record header that names a task's kind. */
  public static final String KIND_HEADER = "conduit-task";
  public static final String NAMESPACE = "namespace";
  public static final String WORKFLOW = "workflow";
  static final int APPLY_ATTEMPTS = 3;
  private static final Duration RETRY_BACKOFF = Duration.ofMillis(200);
  private static final Duration MAX_RETRY_LATER_BACKOFF = Duration.ofSeconds(5);

  private final Properties consumerProperties;
  private final String topic;
  private final String dlqTopic;
  private final KafkaProducer<String, byte[]> dlqProducer;
  private final Map<String, TaskApplier> appliers;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile KafkaConsumer<String, byte[]> consumer;

  public ReplicationTaskConsumer(Properties consumerProperties, String topic, String dlqTopic,
      KafkaProducer<String, byte[]> dlqProducer, Map<String, TaskApplier> appliers) {
    this.consumerProperties = (Properties) consumerProperties.clone();
    this.consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumerProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    this.consumerProperties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    this.consumerProperties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    this.topic = topic;
    this.dlqTopic = dlqTopic;
    this.dlqProducer = dlqProducer;
    this.appliers = Map.copyOf(appliers);
    this.thread = new Thread(this::run, "replication-consumer");
    this.thread.setDaemon(true);
  }

  public ReplicationTaskConsumer start() {
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
        log.warn("replication consumer of {} failed; resuming from the committed offset", topic, e);
        sleep(RETRY_BACKOFF.multipliedBy(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void handle(ConsumerRecord<String, byte[]> record) throws InterruptedException {
    String kind = kindOf(record);
    TaskApplier applier = appliers.get(kind);
    RuntimeException last = null;
    int retriedLater = 0;
    for (int attempt = 1; attempt <= APPLY_ATTEMPTS && running; attempt++) {
      try {
        if (applier == null) {
          throw new IllegalArgumentException("no applier for replication tasks of kind '" + kind + "'");
        }
        String outcome = applier.apply(record.value());
        if (NAMESPACE.equals(kind)) {
          log.info("namespace task at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), outcome);
        } else {
          log.debug("{} task at {}-{}@{}: {}", kind, record.topic(), record.partition(), record.offset(), outcome);
        }
        return;
      } catch (IllegalArgumentException e) {
        last = e;
        break; // will never apply
      } catch (RetryLaterException e) {
        retriedLater++;
        attempt--; // not counted: wait until it passes
        if (retriedLater == 1 || retriedLater % 20 == 0) {
          log.warn("{} task at {}-{}@{} waits: {}", kind, record.topic(), record.partition(), record.offset(), e.getMessage());
        }
        Thread.sleep(Math.min(MAX_RETRY_LATER_BACKOFF.toMillis(), RETRY_BACKOFF.toMillis() * retriedLater));
      } catch (RuntimeException e) {
        last = e;
        if (attempt < APPLY_ATTEMPTS) {
          Thread.sleep(RETRY_BACKOFF.toMillis() * attempt);
        }
      }
    }
    if (!running) {
      throw new WakeupException(); // closing: the record stays uncommitted
    }
    log.error("{} task at {}-{}@{} cannot be applied; parking it in {}", kind, record.topic(), record.partition(),
        record.offset(), dlqTopic, last);
    try {
      ProducerRecord<String, byte[]> parked = new ProducerRecord<>(dlqTopic, record.key(), record.value());
      parked.headers().add(KIND_HEADER, kind.getBytes(StandardCharsets.UTF_8));
      parked.headers().add(ERROR_HEADER, errorOf(last).getBytes(StandardCharsets.UTF_8));
      parked.headers().add(ORIGIN_HEADER, (record.topic() + "-" + record.partition() + "@" + record.offset())
          .getBytes(StandardCharsets.UTF_8));
      dlqProducer.send(parked).get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot park a failed " + kind + " task in " + dlqTopic, e);
    }
  }

  /** The last failure of a parked task, for the operator who reads the DLQ (bounded: a header, not a log). */
  static String errorOf(Throwable error) {
    String text = error == null ? "unknown" : error.getClass().getSimpleName() + ": " + error.getMessage();
    return text.length() > 1000 ? text.substring(0, 1000) + "..." : text;
  }

  private static String kindOf(ConsumerRecord<String, byte[]> record) {
    Header header = record.headers().lastHeader(KIND_HEADER);
    return header == null ? NAMESPACE : new String(header.value(), StandardCharsets.UTF_8);
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
