package dev.conduit.persistence.namespace;

import dev.conduit.persistence.PersistenceException;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The namespaces every service resolves on each request, cached by name and by id in front of a
 * {@link NamespaceStore}. An entry is served for {@code ttl} after it was loaded (by the injected clock),
 * then reloaded; {@link #refreshAll()} (run every ttl once {@link #start()}ed) revalidates every entry at
 * the price of one read when the store's notification version has not moved. A local write
 * {@link #put}s its result so this process sees its own change at once.
 *
 * <p>Of two versions of a namespace the one with the higher notification version wins, so a slow
 * refresh never replaces a newer local write. Unknown namespaces are not cached: a namespace registered
 * elsewhere is visible as soon as it is stored.
 */
public final class NamespaceRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NamespaceRegistry.class);
  private static final int REFRESH_PAGE_SIZE = 500;

  private final NamespaceStore store;
  private final Clock clock;
  private final Duration ttl;
  private final ConcurrentMap<String, Cached> byName = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Cached> byId = new ConcurrentHashMap<>();
  private volatile long refreshedAtVersion = -1;
  private ScheduledExecutorService refresher;

  public NamespaceRegistry(NamespaceStore store, Clock clock, Duration ttl) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("namespace cache ttl must be positive, was " + ttl);
    }
    this.ttl = ttl;
  }

  /** @throws NamespaceNotFoundException if no namespace has the name */
  public NamespaceDetail getByName(String name) {
    return lookup(byName, name, () -> store.getByName(name));
  }

  /** @throws NamespaceNotFoundException if no namespace has the id */
  public NamespaceDetail getById(String id) {
    return lookup(byId, id, () -> store.getById(id));
  }

  /** Records the outcome of a write this process made, so that its next reads see it. */
  public void put(NamespaceDetail detail) {
    Cached entry = new Cached(detail, clock.instant());
    byName.merge(detail.getInfo().getName(), entry, Cached::newer);
    byId.merge(detail.getInfo().getId(), entry, Cached::newer);
  }

  /** Drops a namespace from the cache; its next lookup reads the store. */
  public void invalidate(String name) {
    Cached removed = byName.remove(name);
    if (removed != null) {
      byId.remove(removed.detail().getInfo().getId());
    }
  }

  /**
   * Revalidates the whole cache: if the store's notification version has not moved since the last
   * refresh every entry is still current; otherwise every namespace is read again.
   */
  public void refreshAll() {
    long version = store.notificationVersion();
    Instant now = clock.instant();
    if (version != refreshedAtVersion) {
      String after = "";
      while (true) {
        NamespacePage page = store.list(after, REFRESH_PAGE_SIZE);
        page.namespaces().forEach(this::put);
        if (page.nextAfterName().isEmpty()) {
          break;
        }
        after = page.nextAfterName().get();
      }
    }
    // nothing was written after `version` was read, or the listing just reloaded it: all is current
    byName.replaceAll((name, cached) -> cached.touched(now));
    byId.replaceAll((id, cached) -> cached.touched(now));
    refreshedAtVersion = version;
  }

  /** Refreshes in the background every ttl, on one daemon thread. */
  public synchronized void start() {
    if (refresher != null) {
      return;
    }
    refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "namespace-registry-refresh");
      thread.setDaemon(true);
      return thread;
    });
    long periodMillis = ttl.toMillis();
    refresher.scheduleWithFixedDelay(this::refreshQuietly, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (refresher != null) {
      refresher.shutdownNow();
      refresher = null;
    }
  }

  private NamespaceDetail lookup(ConcurrentMap<String, Cached> index, String key, Supplier<Optional<VersionedNamespace>> load) {
    Cached cached = index.get(key);
    if (cached != null && clock.instant().isBefore(cached.loadedAt().plus(ttl))) {
      return cached.detail();
    }
    Optional<VersionedNamespace> loaded;
    try {
      loaded = load.get();
    } catch (PersistenceException e) {
      if (cached != null && e.isRetryable()) {
        // a stale namespace beats failing every request while the store is briefly unreachable
        log.warn("namespace {}: store unavailable, serving the cached copy: {}", key, e.getMessage());
        return cached.detail();
      }
      throw e;
    }
    if (loaded.isEmpty()) {
      if (cached != null) {
        invalidate(cached.detail().getInfo().getName());
      }
      throw new NamespaceNotFoundException(key);
    }
    put(loaded.get().detail());
    Cached now = index.get(key);
    return now != null ? now.detail() : loaded.get().detail();
  }

  private void refreshQuietly() {
    try {
      refreshAll();
    } catch (RuntimeException e) {
      log.warn("namespace cache refresh failed; entries are reloaded one by one until it works: {}", e.getMessage());
    }
  }

  private record Cached(NamespaceDetail detail, Instant loadedAt) {
    static Cached newer(Cached current, Cached candidate) {
      long currentVersion = current.detail().getNotificationVersion();
      long candidateVersion = candidate.detail().getNotificationVersion();
      if (candidateVersion > currentVersion) {
        return candidate;
      }
      if (candidateVersion == currentVersion) {
        return candidate.loadedAt().isAfter(current.loadedAt()) ? candidate : current;
      }
      return current;
    }

    Cached touched(Instant now) {
      return now.isAfter(loadedAt) ? new Cached(detail, now) : this;
    }
  }
}
