package dev.conduit.replication.namespace;

import dev.conduit.persistence.namespace.NamespaceAlreadyExistsException;
import dev.conduit.persistence.namespace.NamespacePage;
import dev.conduit.persistence.namespace.NamespaceStore;
import dev.conduit.persistence.namespace.NamespaceUpdateConflictException;
import dev.conduit.persistence.namespace.VersionedNamespace;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link NamespaceStore} in memory with the same conditional-write rules, for unit tests. */
public final class InMemoryNamespaceStore implements NamespaceStore {
  private final TreeMap<String, NamespaceDetail> byName = new TreeMap<>();
  private long version;
  /** Writes that should fail with a conflict before one succeeds, to exercise retries. */
  public final AtomicInteger conflictsToInject = new AtomicInteger();
  public final AtomicInteger writes = new AtomicInteger();

  @Override
  public synchronized NamespaceDetail create(NamespaceDetail detail) {
    NamespaceDetail existing = byName.get(detail.getInfo().getName());
    if (existing != null) {
      throw new NamespaceAlreadyExistsException(detail.getInfo().getName());
    }
    NamespaceDetail stored = detail.toBuilder().setNotificationVersion(version++).build();
    byName.put(stored.getInfo().getName(), stored);
    writes.incrementAndGet();
    return stored;
  }

  @Override
  public synchronized Optional<VersionedNamespace> getByName(String name) {
    return Optional.ofNullable(byName.get(name)).map(d -> new VersionedNamespace(d, version));
  }

  @Override
  public synchronized Optional<VersionedNamespace> getById(String id) {
    return byName.values().stream().filter(d -> d.getInfo().getId().equals(id)).findFirst()
        .map(d -> new VersionedNamespace(d, version));
  }

  @Override
  public synchronized NamespaceDetail update(NamespaceDetail detail, long expectedNotificationVersion) {
    if (conflictsToInject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      version++; // as if another namespace had been written meanwhile
      throw new NamespaceUpdateConflictException("injected conflict");
    }
    if (expectedNotificationVersion != version) {
      throw new NamespaceUpdateConflictException("version is " + version + ", not " + expectedNotificationVersion);
    }
    NamespaceDetail stored = detail.toBuilder().setNotificationVersion(version++).build();
    byName.put(stored.getInfo().getName(), stored);
    writes.incrementAndGet();
    return stored;
  }

  @Override
  public synchronized NamespacePage list(String afterName, int pageSize) {
    List<NamespaceDetail> page = byName.tailMap(afterName, false).values().stream().limit(pageSize + 1L).toList();
    if (page.size() > pageSize) {
      List<NamespaceDetail> first = page.subList(0, pageSize);
      return new NamespacePage(first, Optional.of(first.get(pageSize - 1).getInfo().getName()));
    }
    return new NamespacePage(page, Optional.empty());
  }

  @Override
  public synchronized long notificationVersion() {
    return version;
  }

  public synchronized Map<String, NamespaceDetail> snapshot() {
    return Map.copyOf(byName);
  }
}
