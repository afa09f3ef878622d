package dev.conduit.persistence.namespace;

import dev.conduit.config.dynamic.DynamicConfig;
import dev.conduit.config.dynamic.DynamicKeys;
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
 * {@link NamespaceStore}. An entry is served for one refresh interval after it was loaded (by the
 * injected clock), then reloaded; {@link #refreshAll()} (run every interval once {@link #start()}ed)
 * revalidates every entry at the price of one read when the store's notification version has not moved.
 * The interval is read again before each refresh ({@code system.namespaceCacheRefreshInterval}), so a
 * failover made elsewhere is seen within one interval. A local write {@link #put}s its result so this
 * process sees its own change at once.
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
  private final Supplier<Duration> refreshInterval;
  private final ConcurrentMap<String, Cached> byName = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Cached> byId = new ConcurrentHashMap<>();
  private volatile long refreshedAtVersion = -1;
  private ScheduledExecutorService refresher;

  /** A cache whose entries live, and which refreshes, for a fixed {@code ttl}. */
  public NamespaceRegistry(NamespaceStore store, Clock clock, Duration ttl) {
    this(store, clock, constant(ttl));
  }

  /** A cache that reads its refresh interval from {@code refreshInterval} before every refresh. */
  public NamespaceRegistry(NamespaceStore store, Clock clock, Supplier<Duration> refreshInterval) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.refreshInterval = Objects.requireNonNull(refreshInterval, "refreshInterval");
  }

  /** A cache refreshed every {@code system.namespaceCacheRefreshInterval} of the dynamic config. */
  public static NamespaceRegistry refreshedBy(NamespaceStore store, Clock clock, DynamicConfig dynamicConfig) {
    return new NamespaceRegistry(store, clock, () -> dynamicConfig.get(DynamicKeys.NAMESPACE_CACHE_REFRESH_INTERVAL));
  }

  private static Supplier<Duration> constant(Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("namespace cache ttl must be positive, was " + ttl);
    }
    return () -> ttl;
  }

  /** @throws NamespaceNotFoundException if no namespace has the name */
  public NamespaceDetail getByName(String name) {
    return lookup(byName, name, () -> store.getByName(name));
  }

  /** @throws NamespaceNotFoundException if no namespace has the id */
  public NamespaceDetail getById(String id) {
    return lookup(byId, id, () -> store.getById(id));
  }

  /**
   * Reads the namespace from the store now, whatever the cache holds, and caches it (unless the cache
   * already holds a newer version, which is then returned). For a caller that found its view stale.
   *
   * @throws NamespaceNotFoundException if no namespace has the id
   */
  public NamespaceDetail reloadById(String id) {
    NamespaceDetail loaded = store.getById(id).orElseThrow(() -> new NamespaceNotFoundException(id)).detail();
    put(loaded);
    Cached now = byId.get(id);
    return now != null ? now.detail() : loaded;
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

  /** Refreshes in the background every refresh interval (as it is at the time), on one daemon thread. */
  public synchronized void start() {
    if (refresher != null) {
      return;
    }
    refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "namespace-registry-refresh");
      thread.setDaemon(true);
      return thread;
    });
    scheduleRefresh(refresher);
  }

  private void scheduleRefresh(ScheduledExecutorService executor) {
    executor.schedule(() -> {
      refreshQuietly();
      synchronized (this) {
        if (refresher == executor) {
          scheduleRefresh(executor);
        }
      }
    }, interval().toMillis(), TimeUnit.MILLISECONDS);
  }

  private Duration interval() {
    Duration value = refreshInterval.get();
    return value.isNegative() || value.isZero() ? Duration.ofMillis(1) : value;
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
    if (cached != null && clock.instant().isBefore(cached.loadedAt().plus(interval()))) {
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
