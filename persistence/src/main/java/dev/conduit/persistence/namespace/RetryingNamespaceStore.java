package dev.conduit.persistence.namespace;

import dev.conduit.persistence.resilience.PersistenceRetry;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import io.github.resilience4j.retry.Retry;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A {@link NamespaceStore} whose calls are repeated by the project's {@link PersistenceRetry} policy on
 * transient failures (timeouts, unavailable replicas). Conflicts and not-found answers pass through at
 * once: repeating the same call cannot change them. A conditional write whose answer was lost is settled
 * by {@link CassandraNamespaceStore} re-reading the row; what it cannot settle arrives as an
 * {@link dev.conduit.persistence.OutcomeUnknownException}, which the policy never repeats.
 */
public final class RetryingNamespaceStore implements NamespaceStore {
  private final NamespaceStore delegate;
  private final Retry retry;

  public RetryingNamespaceStore(NamespaceStore delegate, PersistenceRetry retry) {
    this.delegate = delegate;
    this.retry = retry.retry();
  }

  /** With {@link PersistenceRetry#defaults()}. */
  public static RetryingNamespaceStore withDefaults(NamespaceStore delegate) {
    return new RetryingNamespaceStore(delegate, PersistenceRetry.defaults());
  }

  @Override
  public NamespaceDetail create(NamespaceDetail detail) {
    return call(() -> delegate.create(detail));
  }

  @Override
  public Optional<VersionedNamespace> getByName(String name) {
    return call(() -> delegate.getByName(name));
  }

  @Override
  public Optional<VersionedNamespace> getById(String id) {
    return call(() -> delegate.getById(id));
  }

  @Override
  public NamespaceDetail update(NamespaceDetail detail, long expectedNotificationVersion) {
    return call(() -> delegate.update(detail, expectedNotificationVersion));
  }

  @Override
  public NamespacePage list(String afterName, int pageSize) {
    return call(() -> delegate.list(afterName, pageSize));
  }

  @Override
  public long notificationVersion() {
    return call(delegate::notificationVersion);
  }

  private <T> T call(Supplier<T> supplier) {
    return Retry.decorateSupplier(retry, supplier).get();
  }
}
