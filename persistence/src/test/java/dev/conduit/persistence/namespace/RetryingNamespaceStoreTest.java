package dev.conduit.persistence.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import dev.conduit.persistence.PersistenceException;
import dev.conduit.persistence.resilience.PersistenceRetry;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryingNamespaceStoreTest {

  @Test
  void driverTimeoutsAreRetryableAndInvalidQueriesAreNot() {
    assertThat(CassandraNamespaceStatements.translate(new DriverTimeoutException("slow"), false).isRetryable()).isTrue();
    assertThat(CassandraNamespaceStatements.translate(new InvalidQueryException(null, "no such table"), false).isRetryable()).isFalse();
  }

  @Test
  void retryableFailuresAreRepeatedUntilTheCallWorks() {
    AtomicInteger calls = new AtomicInteger();
    NamespaceStore flaky = new Failing(calls, 2, new PersistenceException("timeout", true));
    RetryingNamespaceStore store = new RetryingNamespaceStore(flaky, fast());
    assertThat(store.notificationVersion()).isEqualTo(42);
    assertThat(calls.get()).isEqualTo(3);
  }

  @Test
  void conflictsAndPermanentFailuresPassThroughAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    RetryingNamespaceStore conflicting = new RetryingNamespaceStore(
        new Failing(calls, 10, new NamespaceUpdateConflictException("moved")), fast());
    assertThatThrownBy(conflicting::notificationVersion).isInstanceOf(NamespaceUpdateConflictException.class);
    assertThat(calls.get()).isEqualTo(1);

    calls.set(0);
    RetryingNamespaceStore down = new RetryingNamespaceStore(
        new Failing(calls, 10, new PersistenceException("timeout", true)), fast());
    assertThatThrownBy(down::notificationVersion).isInstanceOf(PersistenceException.class);
    assertThat(calls.get()).isEqualTo(3);
  }

  private static PersistenceRetry fast() {
    return PersistenceRetry.of(3, Duration.ofMillis(1), Duration.ofMillis(2));
  }

  /** Fails its first {@code failures} calls of notificationVersion with {@code error}. */
  private record Failing(AtomicInteger calls, int failures, PersistenceException error) implements NamespaceStore {
    @Override
    public long notificationVersion() {
      if (calls.incrementAndGet() <= failures) {
        throw error;
      }
      return 42;
    }

    @Override
    public NamespaceDetail create(NamespaceDetail detail) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<VersionedNamespace> getByName(String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<VersionedNamespace> getById(String id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public NamespaceDetail update(NamespaceDetail detail, long expectedNotificationVersion) {
      throw new UnsupportedOperationException();
    }

    @Override
    public NamespacePage list(String afterName, int pageSize) {
      throw new UnsupportedOperationException();
    }
  }
}
