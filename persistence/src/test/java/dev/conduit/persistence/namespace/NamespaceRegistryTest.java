package dev.conduit.persistence.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.persistence.PersistenceException;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NamespaceRegistryTest {
  private final FakeStore store = new FakeStore();
  private final StepClock clock = new StepClock();
  private final NamespaceRegistry registry = new NamespaceRegistry(store, clock, Duration.ofSeconds(10));

  @Test
  void servesFromCacheByNameAndIdUntilTheTtlPasses() {
    store.write(detail("orders", "id-1", "v1"));
    assertThat(registry.getByName("orders").getInfo().getDescription()).isEqualTo("v1");
    assertThat(registry.getById("id-1").getInfo().getDescription()).isEqualTo("v1");
    assertThat(store.reads.get()).isEqualTo(1);

    store.write(detail("orders", "id-1", "v2"));
    clock.advance(Duration.ofSeconds(9));
    assertThat(registry.getByName("orders").getInfo().getDescription()).isEqualTo("v1");
    clock.advance(Duration.ofSeconds(2));
    assertThat(registry.getByName("orders").getInfo().getDescription()).isEqualTo("v2");
    assertThat(registry.getById("id-1").getInfo().getDescription()).isEqualTo("v2");
  }

  @Test
  void entriesLiveForTheRefreshIntervalAsDynamicConfigSetsItAtTheTime() {
    java.util.concurrent.atomic.AtomicReference<Duration> interval = new java.util.concurrent.atomic.AtomicReference<>(
        Duration.ofSeconds(2));
    NamespaceRegistry dynamic = new NamespaceRegistry(store, clock, interval::get);
    store.write(detail("orders", "id-1", "v1"));
    dynamic.getByName("orders");
    store.write(detail("orders", "id-1", "v2"));
    clock.advance(Duration.ofMillis(1500));
    assertThat(dynamic.getByName("orders").getInfo().getDescription()).isEqualTo("v1");
    clock.advance(Duration.ofMillis(600));
    assertThat(dynamic.getByName("orders").getInfo().getDescription()).isEqualTo("v2");

    interval.set(Duration.ofMillis(100));
    store.write(detail("orders", "id-1", "v3"));
    clock.advance(Duration.ofMillis(150));
    assertThat(dynamic.getByName("orders").getInfo().getDescription()).isEqualTo("v3");
  }

  @Test
  void reloadByIdReadsTheStoreWhateverTheCacheHolds() {
    store.write(detail("orders", "id-1", "v1"));
    registry.getById("id-1");
    store.write(detail("orders", "id-1", "v2"));

    assertThat(registry.reloadById("id-1").getInfo().getDescription()).isEqualTo("v2");
    assertThat(registry.getByName("orders").getInfo().getDescription()).isEqualTo("v2");
    assertThatThrownBy(() -> registry.reloadById("nope")).isInstanceOf(NamespaceNotFoundException.class);
  }

  @Test
  void unknownNamespacesAreNotCached() {
    assertThatThrownBy(() -> registry.getByName("later")).isInstanceOf(NamespaceNotFoundException.class)
        .hasMessageContaining("later");
    store.write(detail("later", "id-2", "x"));
    assertThat(registry.getByName("later").getInfo().getId()).isEqualTo("id-2");
  }

  @Test
  void aLocalWriteIsSeenAtOnceAndAnOlderCopyNeverReplacesIt() {
    NamespaceDetail older = store.write(detail("orders", "id-1", "old"));
    registry.getByName("orders");
    NamespaceDetail newer = store.write(detail("orders", "id-1", "new"));
    registry.put(newer);
    assertThat(registry.getByName("orders").getInfo().getDescription()).isEqualTo("new");
    registry.put(older);
    assertThat(registry.getById("id-1").getInfo().getDescription()).isEqualTo("new");
  }

  @Test
  void refreshReadsOnlyTheVersionWhenNothingChanged() {
    store.write(detail("a", "id-a", "1"));
    store.write(detail("b", "id-b", "1"));
    registry.refreshAll();
    assertThat(store.lists.get()).isEqualTo(1);
    registry.refreshAll();
    assertThat(store.lists.get()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(30));
    registry.refreshAll();
    // still current after the ttl, because the refresh revalidated the entries
    assertThat(registry.getByName("a").getInfo().getDescription()).isEqualTo("1");
    assertThat(store.reads.get()).isZero();

    store.write(detail("a", "id-a", "2"));
    registry.refreshAll();
    assertThat(store.lists.get()).isEqualTo(2);
    assertThat(registry.getByName("a").getInfo().getDescription()).isEqualTo("2");
  }

  @Test
  void aStaleEntryIsServedWhileTheStoreIsUnavailable() {
    store.write(detail("orders", "id-1", "v1"));
    registry.getByName("orders");
    clock.advance(Duration.ofMinutes(1));
    store.failing = true;
    assertThat(registry.getByName("orders").getInfo().getDescription()).isEqualTo("v1");
    assertThatThrownBy(() -> registry.getByName("other")).isInstanceOf(PersistenceException.class);
  }

  private static NamespaceDetail detail(String name, String id, String description) {
    NamespaceDetail.Builder detail = NamespaceDetail.newBuilder();
    detail.getInfoBuilder().setName(name).setId(id).setDescription(description);
    return detail.build();
  }

  /** Counts reads; throws a retryable error while failing. */
  private static final class FakeStore implements NamespaceStore {
    final Map<String, NamespaceDetail> byName = new TreeMap<>();
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger lists = new AtomicInteger();
    long version;
    volatile boolean failing;

    synchronized NamespaceDetail write(NamespaceDetail detail) {
      NamespaceDetail stored = detail.toBuilder().setNotificationVersion(version++).build();
      byName.put(detail.getInfo().getName(), stored);
      return stored;
    }

    @Override
    public NamespaceDetail create(NamespaceDetail detail) {
      return write(detail);
    }

    @Override
    public synchronized Optional<VersionedNamespace> getByName(String name) {
      check();
      reads.incrementAndGet();
      return Optional.ofNullable(byName.get(name)).map(d -> new VersionedNamespace(d, version));
    }

    @Override
    public synchronized Optional<VersionedNamespace> getById(String id) {
      check();
      reads.incrementAndGet();
      return byName.values().stream().filter(d -> d.getInfo().getId().equals(id)).findFirst()
          .map(d -> new VersionedNamespace(d, version));
    }

    @Override
    public NamespaceDetail update(NamespaceDetail detail, long expectedNotificationVersion) {
      return write(detail);
    }

    @Override
    public synchronized NamespacePage list(String afterName, int pageSize) {
      check();
      lists.incrementAndGet();
      return new NamespacePage(byName.values().stream().toList(), Optional.empty());
    }

    @Override
    public synchronized long notificationVersion() {
      check();
      return version;
    }

    private void check() {
      if (failing) {
        throw new PersistenceException("store down", true);
      }
    }
  }

  private static final class StepClock extends Clock {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
