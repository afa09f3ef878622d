package dev.conduit.replication.service;

import dev.conduit.replication.namespace.NamespacePublisher;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares (creates the topics), then runs a {@link NamespacePublisher} pass every {@link #INTERVAL_MS} ms; a failed pass (Kafka or Cassandra
 * down) is logged and the next pass retries from the persisted level.
 */
final class PublisherLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PublisherLoop.class);
  static final long INTERVAL_MS = 200;

  private final ScheduledExecutorService executor;

  private PublisherLoop(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  /** Runs {@code prepare} until it succeeds once, then passes of {@code publisher}. */
  static PublisherLoop start(Runnable prepare, NamespacePublisher publisher) {
    AtomicBoolean prepared = new AtomicBoolean();
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "namespace-replication-publisher");
      thread.setDaemon(true);
      return thread;
    });
    executor.scheduleWithFixedDelay(() -> {
      try {
        if (!prepared.get()) {
          prepare.run();
          prepared.set(true);
        }
        publisher.publishOnce();
      } catch (RuntimeException e) {
        log.warn("namespace publishing failed; retrying", e);
      }
    }, 0, INTERVAL_MS, TimeUnit.MILLISECONDS);
    return new PublisherLoop(executor);
  }

  @Override
  public void close() throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(10, TimeUnit.SECONDS);
  }
}
