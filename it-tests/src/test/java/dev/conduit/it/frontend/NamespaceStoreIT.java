package dev.conduit.it.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.persistence.namespace.CassandraNamespaceStore;
import dev.conduit.persistence.namespace.NamespaceAlreadyExistsException;
import dev.conduit.persistence.namespace.NamespaceUpdateConflictException;
import dev.conduit.persistence.namespace.VersionedNamespace;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Cassandra namespace store's conditional writes against the real Cassandra. */
class NamespaceStoreIT {
  private static FrontendFixture fixture;
  private static CassandraNamespaceStore store;

  @BeforeAll
  static void start() {
    fixture = new FrontendFixture();
    store = new CassandraNamespaceStore(fixture.session);
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void concurrentRegistrationsOfOneNameHaveExactlyOneWinner() throws Exception {
    String name = NamespaceApiIT.unique("race");
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        NamespaceDetail candidate = detail(name, "writer " + i);
        Callable<String> register = () -> {
          try {
            return store.create(candidate).getInfo().getDescription();
          } catch (NamespaceAlreadyExistsException e) {
            return null;
          }
        };
        results.add(pool.submit(register));
      }
      List<String> winners = new ArrayList<>();
      for (Future<String> result : results) {
        String winner = result.get(60, TimeUnit.SECONDS);
        if (winner != null) {
          winners.add(winner);
        }
      }
      assertThat(winners).hasSize(1);
      assertThat(store.getByName(name).orElseThrow().detail().getInfo().getDescription()).isEqualTo(winners.get(0));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRetriedCreateOfTheSameNamespaceSucceedsButAnotherIdIsRefused() {
    NamespaceDetail detail = detail(NamespaceApiIT.unique("retry"), "first");
    NamespaceDetail stored = store.create(detail);
    assertThat(store.create(detail)).isEqualTo(stored);
    assertThatThrownBy(() -> store.create(detail(detail.getInfo().getName(), "second")))
        .isInstanceOf(NamespaceAlreadyExistsException.class);
  }

  @Test
  void twoUpdatesFromTheSameReadCannotBothApply() {
    NamespaceDetail created = store.create(detail(NamespaceApiIT.unique("upd"), "v0"));
    VersionedNamespace read = store.getByName(created.getInfo().getName()).orElseThrow();
    NamespaceDetail first = read.detail().toBuilder().setConfigVersion(1).build();
    NamespaceDetail second = read.detail().toBuilder().setConfigVersion(2).build();

    store.update(first, read.storeNotificationVersion());
    assertThatThrownBy(() -> store.update(second, read.storeNotificationVersion()))
        .isInstanceOf(NamespaceUpdateConflictException.class);
    VersionedNamespace now = store.getByName(created.getInfo().getName()).orElseThrow();
    assertThat(now.detail().getConfigVersion()).isEqualTo(1);
    assertThat(now.storeNotificationVersion()).isGreaterThan(read.storeNotificationVersion());
  }

  @Test
  void aMissingIdRowIsRepairedOnLookupById() {
    NamespaceDetail created = store.create(detail(NamespaceApiIT.unique("gap"), "x"));
    // as if the process died between the name row and the id row
    fixture.session.execute("DELETE FROM namespaces_by_id WHERE id = " + created.getInfo().getId());
    assertThat(store.getById(created.getInfo().getId()).orElseThrow().name()).isEqualTo(created.getInfo().getName());
    assertThat(fixture.session.execute("SELECT name FROM namespaces_by_id WHERE id = " + created.getInfo().getId()).one())
        .isNotNull();
    assertThat(store.getById(UUID.randomUUID().toString())).isEmpty();
    assertThat(store.getById("not-a-uuid")).isEmpty();
  }

  @Test
  void listingPagesInNameOrder() {
    String prefix = NamespaceApiIT.unique("page");
    for (int i = 0; i < 5; i++) {
      store.create(detail(prefix + "-" + i, ""));
    }
    List<String> names = new ArrayList<>();
    String after = prefix;
    do {
      var page = store.list(after, 2);
      page.namespaces().stream().map(d -> d.getInfo().getName()).filter(n -> n.startsWith(prefix)).forEach(names::add);
      after = page.nextAfterName().orElse(null);
    } while (after != null && after.startsWith(prefix));
    assertThat(names).containsExactly(prefix + "-0", prefix + "-1", prefix + "-2", prefix + "-3", prefix + "-4");
  }

  private static NamespaceDetail detail(String name, String description) {
    NamespaceDetail.Builder detail = NamespaceDetail.newBuilder();
    detail.getInfoBuilder().setId(UUID.randomUUID().toString()).setName(name)
        .setState(NamespaceDetail.State.STATE_REGISTERED).setDescription(description);
    detail.getReplicationBuilder().setActiveClusterName("active").addClusters("active");
    return detail.build();
  }
}
