package dev.conduit.client.resolver;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.StatusOr;
import io.grpc.SynchronizationContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Resolves a {@code consul://} target to the passing instances of its service and keeps them current: a background
 * thread runs Consul blocking queries, so an instance whose health check fails leaves the channel's address list
 * within one check interval plus a round trip, and a new one joins as soon as it passes. The channel's load balancer
 * (the Temporal SDKs use {@code round_robin}) spreads calls over the addresses.
 *
 * <p>No healthy instance is an error (UNAVAILABLE) the channel reports to calls; an unreachable Consul is too, and
 * the watch retries with backoff while the channel keeps its last addresses.
 */
final class ConsulNameResolver extends NameResolver {
  private static final Logger log = Logger.getLogger(ConsulNameResolver.class.getName());
  static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final String service;
  private final HealthyInstances instances;
  private final SynchronizationContext syncContext;
  private volatile boolean shutdown;
  private Thread watcher;

  ConsulNameResolver(String service, HealthyInstances instances, SynchronizationContext syncContext) {
    this.service = service;
    this.instances = instances;
    this.syncContext = syncContext;
  }

  @Override
  public String getServiceAuthority() {
    return service;
  }

  @Override
  public void start(Listener2 listener) {
    if (watcher != null) {
      throw new IllegalStateException("already started");
    }
    watcher = new Thread(() -> watch(listener), "consul-resolver-" + service);
    watcher.setDaemon(true);
    watcher.start();
  }

  /** Nothing to do: the watch follows every change as it happens. */
  @Override
  public void refresh() {}

  @Override
  public void shutdown() {
    shutdown = true;
    if (watcher != null) {
      watcher.interrupt();
    }
  }

  private void watch(Listener2 listener) {
    long index = 0;
    List<InetSocketAddress> published = null;
    Duration backoff = MIN_BACKOFF;
    while (!shutdown) {
      try {
        HealthyInstances.Snapshot snapshot = instances.fetch(index, WAIT);
        // Consul says to start over when the index goes backwards (the agent restarted)
        index = snapshot.index() < index ? 0 : snapshot.index();
        backoff = MIN_BACKOFF;
        if (!snapshot.addresses().equals(published)) {
          published = snapshot.addresses();
          publish(listener, published);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException | RuntimeException e) {
        if (shutdown) {
          return;
        }
        log.log(Level.FINE, "cannot ask Consul for " + service + "; retrying in " + backoff.toMillis() + " ms", e);
        published = null; // after the error, publish the next answer even if it did not change
        Status error = Status.UNAVAILABLE.withDescription("cannot ask Consul for the instances of " + service + ": " + e.getMessage())
            .withCause(e);
        syncContext.execute(() -> listener.onError(error));
        index = 0;
        try {
          Thread.sleep(backoff.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      }
    }
  }

  private void publish(Listener2 listener, List<InetSocketAddress> addresses) {
    if (addresses.isEmpty()) {
      Status none = Status.UNAVAILABLE.withDescription("Consul knows no healthy instance of " + service);
      syncContext.execute(() -> listener.onError(none));
      return;
    }
    List<EquivalentAddressGroup> groups = addresses.stream().map(EquivalentAddressGroup::new).toList();
    ResolutionResult result = ResolutionResult.newBuilder().setAddressesOrError(StatusOr.fromValue(groups)).build();
    syncContext.execute(() -> listener.onResult2(result));
  }
}
