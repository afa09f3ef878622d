package dev.conduit.replication.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one replication topic (the tasks of one source cluster, in a consumer group of its own) and applies
 * each task through the {@link TaskApplier} of its kind, named by the record's {@value #KIND_HEADER} header
 * ({@value #NAMESPACE} when absent). Offsets are committed only after every record of the poll was applied durably
 * or parked in the DLQ topic after {@link #APPLY_ATTEMPTS} attempts; a {@link RetryLaterException} is retried until
 * it passes; any other failure restarts from the committed offset.
 *
 * <p>The records of different partitions are applied in parallel (a partition's own records in order): a
 * partition carries the tasks of some source shards, so the tasks of one shard, and of one workflow, keep their
 * order. Several replication hosts share a topic's partitions through the consumer group (round robin, so the
 * source shards spread evenly); a host killed without leaving the group gives its partitions up after the session
 * timeout ({@link #SESSION_TIMEOUT_MS}).
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
  /** How long the group waits for a silent member before it gives its partitions to the others. */
  static final int SESSION_TIMEOUT_MS = 10_000;
  /** At most this many partitions are applied at once. */
  static final int PARALLEL_PARTITIONS = 8;

  private final Properties consumerProperties;
  private final String topic;
  private final String dlqTopic;
  private final KafkaProducer<String, byte[]> dlqProducer;
  private final Map<String, TaskApplier> appliers;
  private final Thread thread;
  private final Runnable beforeRevoke;
  private final ExecutorService applying;
  private volatile boolean running = true;
  private volatile KafkaConsumer<String, byte[]> consumer;

  public ReplicationTaskConsumer(Properties consumerProperties, String topic, String dlqTopic,
      KafkaProducer<String, byte[]> dlqProducer, Map<String, TaskApplier> appliers) {
    this(consumerProperties, topic, dlqTopic, dlqProducer, appliers, () -> { });
  }

  /**
   * Like the other constructor; {@code beforeRevoke} runs when the group takes partitions away from this host, after
   * every record it polled from them was applied and committed, and before another host may read them.
   */
  public ReplicationTaskConsumer(Properties consumerProperties, String topic, String dlqTopic,
      KafkaProducer<String, byte[]> dlqProducer, Map<String, TaskApplier> appliers, Runnable beforeRevoke) {
    this.beforeRevoke = beforeRevoke;
    this.consumerProperties = (Properties) consumerProperties.clone();
    this.consumerProperties.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
    this.consumerProperties.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, SESSION_TIMEOUT_MS / 3);
    this.consumerProperties.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RoundRobinAssignor.class.getName());
    this.consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumerProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    this.consumerProperties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    this.consumerProperties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    this.topic = topic;
    this.dlqTopic = dlqTopic;
    this.dlqProducer = dlqProducer;
    this.appliers = Map.copyOf(appliers);
    this.thread = new Thread(this::run, "replication-consumer-" + topic);
    this.thread.setDaemon(true);
    AtomicInteger threads = new AtomicInteger();
    this.applying = Executors.newFixedThreadPool(PARALLEL_PARTITIONS, runnable -> {
      Thread applier = new Thread(runnable, "replication-apply-" + topic + "-" + threads.incrementAndGet());
      applier.setDaemon(true);
      return applier;
    });
  }

  public ReplicationTaskConsumer start() {
    thread.start();
    return this;
  }

  private void run() {
    while (running) {
      try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerProperties)) {
        consumer = c;
        c.subscribe(List.of(topic), new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
              beforeRevoke.run();
            }
          }

          @Override
          public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            log.info("consuming {} partitions {}", topic, partitions.stream().map(TopicPartition::partition).sorted().toList());
          }
        });
        while (running) {
          ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(500));
          if (!records.isEmpty()) {
            applyByPartition(records);
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

  /** Applies each partition's records in order, partitions in parallel; returns once all are done. */
  private void applyByPartition(ConsumerRecords<String, byte[]> records) throws InterruptedException {
    List<Future<?>> partitions = new ArrayList<>();
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> batch = records.records(partition);
      partitions.add(applying.submit(() -> {
        for (ConsumerRecord<String, byte[]> record : batch) {
          handle(record);
        }
        return null;
      }));
    }
    RuntimeException failure = null;
    for (Future<?> partition : partitions) {
      try {
        partition.get(); // every partition ends before anything is committed or thrown
      } catch (ExecutionException e) {
        RuntimeException cause = e.getCause() instanceof RuntimeException runtime ? runtime
            : new IllegalStateException(e.getCause());
        if (failure == null || failure instanceof WakeupException) {
          failure = cause;
        }
      }
    }
    if (failure != null) {
      throw failure;
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
    applying.shutdownNow();
  }
}
