package dev.conduit.replication.service;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares (creates the topics), then runs a publisher pass at a fixed delay ({@link #INTERVAL_MS} ms for
 * namespaces); a failed pass (Kafka, Cassandra or history down) is logged and the next pass retries from the
 * persisted level.
 */
final class PublisherLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PublisherLoop.class);
  static final long INTERVAL_MS = 200;

  private final ScheduledExecutorService executor;

  private PublisherLoop(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  /** Runs {@code prepare} until it succeeds once, then passes of the namespace publisher, {@code pass}. */
  static PublisherLoop namespaces(Runnable prepare, Runnable pass) {
    return start("namespace-replication-publisher", INTERVAL_MS, prepare, pass);
  }

  /** Runs {@code prepare} until it succeeds once, then {@code pass} every {@code intervalMs} on thread {@code name}. */
  static PublisherLoop start(String name, long intervalMs, Runnable prepare, Runnable pass) {
    AtomicBoolean prepared = new AtomicBoolean();
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, name);
      thread.setDaemon(true);
      return thread;
    });
    executor.scheduleWithFixedDelay(() -> {
      try {
        if (!prepared.get()) {
          prepare.run();
          prepared.set(true);
        }
        pass.run();
      } catch (RuntimeException e) {
        log.warn("{} failed; retrying", name, e);
      }
    }, 0, intervalMs, TimeUnit.MILLISECONDS);
    return new PublisherLoop(executor);
  }

  @Override
  public void close() throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(10, TimeUnit.SECONDS);
  }
}
