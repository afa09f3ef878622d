package dev.conduit.visibility;

import dev.conduit.config.HostPort;
import dev.conduit.proto.visibility.v1.VisibilityRecord;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
 *
 * <p>A circuit breaker stands in front of Kafka. Every visibility task runs on history's shared task pool, and a
 * send to an unreachable broker holds its thread until the delivery timeout: without the breaker, a Kafka outage
 * fills the pool with waiting visibility tasks and the workflows' own tasks (dispatch to matching, timers) wait
 * behind them. After {@link #MINIMUM_CALLS} sends of which half failed the breaker opens, and for
 * {@link #OPEN_FOR} every publish fails at once with {@link VisibilityUnavailableException}; then one send probes
 * Kafka and closes the breaker if it gets through.
 */
public final class KafkaVisibilityPublisher implements AutoCloseable {
  /** The kind header the cluster's Kafka consumer dispatches on. */
  public static final String KIND_HEADER = "conduit-task";
  public static final String KIND = "visibility";
  static final int MINIMUM_CALLS = 4;
  static final Duration OPEN_FOR = Duration.ofSeconds(2);
  private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);

  /** Sends one message and returns once Kafka acknowledged it; throws otherwise. */
  interface Send {
    void send(ProducerRecord<String, byte[]> message) throws Exception;
  }

  private final KafkaProducer<String, byte[]> producer;
  private final Send send;
  private final String topic;
  private final CircuitBreaker breaker;

  public KafkaVisibilityPublisher(List<HostPort> brokers, String topic) {
    this(new KafkaProducer<>(producerProperties(brokers)), topic, Clock.systemUTC());
  }

  private KafkaVisibilityPublisher(KafkaProducer<String, byte[]> producer, String topic, Clock clock) {
    this(producer, message -> producer.send(message).get(DELIVERY_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS),
        topic, clock);
  }

  KafkaVisibilityPublisher(KafkaProducer<String, byte[]> producer, Send send, String topic, Clock clock) {
    this.producer = producer;
    this.send = send;
    this.topic = topic;
    this.breaker = CircuitBreaker.of("visibility-" + topic, CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(2 * MINIMUM_CALLS)
        .minimumNumberOfCalls(MINIMUM_CALLS)
        .failureRateThreshold(50)
        .waitDurationInOpenState(OPEN_FOR)
        .permittedNumberOfCallsInHalfOpenState(1)
        .clock(clock)
        .build());
  }

  private static Properties producerProperties(List<HostPort> brokers) {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        brokers.stream().map(HostPort::toString).collect(Collectors.joining(",")));
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
    properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return properties;
  }

  public void publish(VisibilityRecord record) {
    ProducerRecord<String, byte[]> message = new ProducerRecord<>(topic,
        record.getNamespaceId() + "/" + record.getWorkflowId(), record.toByteArray());
    message.headers().add(KIND_HEADER, KIND.getBytes(StandardCharsets.UTF_8));
    try {
      breaker.executeCheckedRunnable(() -> send.send(message));
    } catch (CallNotPermittedException e) {
      throw new VisibilityUnavailableException("visibility topic " + topic
          + " unreachable: Kafka refused or timed out the last sends; the task is retried", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing a visibility record", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new VisibilityUnavailableException("cannot publish a visibility record to " + topic + ": " + e, e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Throwable e) {
      throw new VisibilityUnavailableException("cannot publish a visibility record to " + topic + ": " + e, e);
    }
  }

  /** Whether publishes currently fail at once because Kafka failed the last sends. */
  boolean open() {
    return breaker.getState() == CircuitBreaker.State.OPEN;
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }

  /** Kafka did not take a visibility record; the visibility task is retried later. */
  public static final class VisibilityUnavailableException extends RuntimeException {
    VisibilityUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
