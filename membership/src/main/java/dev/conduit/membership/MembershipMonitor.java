package dev.conduit.membership;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live membership of one role: a background thread keeps the healthy members of a service current
 * with the registry's blocking watch, rebuilds the {@link HashRing} when they change, and tells
 * listeners. History asks it which host owns a shard, matching which host owns a task queue.
 *
 * <p>While the registry cannot be reached the last view stays in force and the watch retries with
 * backoff; owners keep answering from that view rather than failing.
 */
public final class MembershipMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MembershipMonitor.class);

  /**
   * How the monitor watches: the longest blocking wait per request, the retry backoff bounds after a
   * failed request, and the ring's virtual nodes per member.
   */
  public record Settings(Duration maxWait, Duration minRetryDelay, Duration maxRetryDelay, int virtualNodes) {
    public Settings {
      if (maxWait.isNegative() || minRetryDelay.isNegative() || maxRetryDelay.compareTo(minRetryDelay) < 0) {
        throw new IllegalArgumentException("need 0 <= minRetryDelay <= maxRetryDelay and maxWait >= 0: " + minRetryDelay
            + ", " + maxRetryDelay + ", " + maxWait);
      }
    }

    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(60), Duration.ofMillis(200), Duration.ofSeconds(10), HashRing.DEFAULT_VIRTUAL_NODES);
    }
  }

  private final ServiceRegistry registry;
  private final String service;
  private final Settings settings;
  private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();
  private final CountDownLatch firstView = new CountDownLatch(1);
  private final Thread watcher;
  private volatile HashRing ring;
  private volatile boolean closed;

  public MembershipMonitor(ServiceRegistry registry, String service) {
    this(registry, service, Settings.defaults());
  }

  public MembershipMonitor(ServiceRegistry registry, String service, Settings settings) {
    this.registry = registry;
    this.service = service;
    this.settings = settings;
    this.ring = HashRing.of(List.of(), settings.virtualNodes());
    this.watcher = new Thread(this::watch, "membership-" + service);
    // a blocking HTTP read does not end on interrupt; a daemon thread cannot keep the JVM alive meanwhile
    this.watcher.setDaemon(true);
  }

  /** Adds a listener for later changes; add listeners before {@link #start()} to see the first view. */
  public void addListener(MembershipListener listener) {
    listeners.add(listener);
  }

  public void removeListener(MembershipListener listener) {
    listeners.remove(listener);
  }

  /** Starts watching; returns at once. */
  public MembershipMonitor start() {
    watcher.start();
    return this;
  }

  /** Waits until the first answer from the registry has been applied; false if the timeout passed first. */
  public boolean awaitFirstView(Duration timeout) throws InterruptedException {
    return firstView.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The member owning {@code key} in the current view, or empty while no member is healthy. */
  public Optional<Member> owner(String key) {
    return ring.owner(key);
  }

  /** The current healthy members, sorted by id. */
  public List<Member> members() {
    return ring.members();
  }

  public HashRing ring() {
    return ring;
  }

  public String service() {
    return service;
  }

  /** Stops watching. A request in flight is abandoned, and its answer ignored, rather than waited for. */
  @Override
  public void close() {
    closed = true;
    watcher.interrupt();
  }

  private void watch() {
    long index = 0;
    Duration retryDelay = settings.minRetryDelay();
    while (!closed) {
      try {
        HealthyInstances answer = registry.watchHealthy(service, index, settings.maxWait());
        if (closed) {
          return;
        }
        index = nextIndex(index, answer.index());
        apply(answer.instances());
        firstView.countDown();
        retryDelay = settings.minRetryDelay();
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        // the registry error says what failed; a stack trace per retry during an outage would bury it
        LOG.warn("watching {} failed, keeping {} members, retrying in {}: {}", service, ring.members().size(), retryDelay, e.toString());
        if (!sleep(retryDelay)) {
          return;
        }
        retryDelay = min(retryDelay.multipliedBy(2), settings.maxRetryDelay());
      }
    }
  }

  private void apply(List<ServiceInstance> instances) {
    // an id registered on two agents would count twice; keep one so the ring stays well-formed
    TreeMap<String, Member> byId = new TreeMap<>();
    for (ServiceInstance instance : instances) {
      byId.merge(instance.id(), instance.member(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
    }
    List<Member> current = List.copyOf(byId.values());
    HashRing previous = ring;
    if (current.equals(previous.members())) {
      return;
    }
    HashRing next = previous.withMembers(current);
    ring = next;
    MembershipChange change = MembershipChange.between(service, previous.members(), current);
    LOG.info("{} members now {} (joined {}, left {})", service, current, change.joined(), change.left());
    for (MembershipListener listener : listeners) {
      try {
        listener.membershipChanged(change, next);
      } catch (RuntimeException e) {
        LOG.error("membership listener {} failed on {}", listener, change, e);
      }
    }
  }

  /**
   * The index for the next watch. Consul's guidance: an index that went backwards (a snapshot restore, a
   * new leader) starts over from 0, and an index of 0 or less becomes 1 so the watch blocks rather than spins.
   */
  static long nextIndex(long previous, long answered) {
    if (answered < previous) {
      return 0;
    }
    return Math.max(answered, 1);
  }

  private boolean sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
      return !closed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
