package dev.conduit.frontend.redirection;

import dev.conduit.persistence.namespace.NamespaceRegistry;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task-queue polls this frontend forwarded to a namespace's active cluster, released when the namespace fails
 * over: while any is in flight, the namespace is re-read from the store every {@link #CHECK_INTERVAL}, and a poll
 * whose target is no longer the active cluster is cancelled and answered with an empty response. The worker polls
 * again at once and, the namespace now being active here (or elsewhere), lands where its tasks are. Without this a
 * worker connected only to a standby would wait out the long poll (a minute) on the old active after a failover.
 */
public final class ForwardedPolls {
  private static final Logger log = LoggerFactory.getLogger(ForwardedPolls.class);
  static final Duration CHECK_INTERVAL = Duration.ofMillis(250);
  private static final ScheduledExecutorService WATCHER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "forwarded-poll-watcher");
    thread.setDaemon(true);
    return thread;
  });

  private record Poll(String target, Context.CancellableContext context, AtomicBoolean released) {}

  private final NamespaceRegistry registry;
  private final Map<String, Set<Poll>> byNamespaceId = new ConcurrentHashMap<>();
  private final AtomicBoolean checkScheduled = new AtomicBoolean();

  public ForwardedPolls(NamespaceRegistry registry) {
    this.registry = registry;
  }

  /**
   * Runs {@code call} (a poll forwarded to {@code target}) so that a failover of {@code namespace} away from
   * {@code target} ends it with {@code empty}.
   */
  public <R> R run(NamespaceDetail namespace, String target, Supplier<R> call, R empty) {
    Poll poll = new Poll(target, Context.current().withCancellation(), new AtomicBoolean());
    String id = namespace.getInfo().getId();
    byNamespaceId.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(poll);
    scheduleCheck();
    try {
      return poll.context().call(call::get);
    } catch (StatusRuntimeException e) {
      if (poll.released().get() && e.getStatus().getCode() == Status.Code.CANCELLED) {
        return empty;
      }
      throw e;
    } catch (RuntimeException e) {
      if (poll.released().get()) {
        return empty;
      }
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      byNamespaceId.computeIfPresent(id, (k, polls) -> {
        polls.remove(poll);
        return polls.isEmpty() ? null : polls;
      });
      poll.context().cancel(null);
    }
  }

  /** How many forwarded polls are in flight (for tests). */
  public int inFlight() {
    return byNamespaceId.values().stream().mapToInt(Set::size).sum();
  }

  private void scheduleCheck() {
    if (checkScheduled.compareAndSet(false, true)) {
      WATCHER.schedule(this::check, CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void check() {
    checkScheduled.set(false);
    for (Map.Entry<String, Set<Poll>> entry : byNamespaceId.entrySet()) {
      String active;
      try {
        active = registry.reloadById(entry.getKey()).getReplication().getActiveClusterName();
      } catch (RuntimeException e) {
        log.debug("cannot re-read namespace {} for its forwarded polls", entry.getKey(), e);
        continue;
      }
      int released = 0;
      for (Poll poll : entry.getValue()) {
        if (!poll.target().equals(active) && poll.released().compareAndSet(false, true)) {
          poll.context().cancel(null);
          released++;
        }
      }
      if (released > 0) {
        log.info("released {} polls forwarded for namespace {}: it is active in {} now", released, entry.getKey(), active);
      }
    }
    if (!byNamespaceId.isEmpty()) {
      scheduleCheck();
    }
  }
}
