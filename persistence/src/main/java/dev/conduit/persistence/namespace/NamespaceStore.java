package dev.conduit.persistence.namespace;

import dev.conduit.proto.persistence.v1.NamespaceDetail;
import java.util.Optional;

/**
 * Durable namespaces. Every write moves the store's notification version by one and is conditioned on
 * it, so two concurrent writers cannot both apply; a reader sees the version with each record and
 * passes it back to update.
 *
 * <p>Errors are {@link dev.conduit.persistence.PersistenceException}s that say whether to retry.
 */
public interface NamespaceStore {

  /**
   * Registers a new namespace; the store fills in its notification version. Idempotent for a retried
   * call with the same id.
   *
   * @return the detail as stored
   * @throws NamespaceAlreadyExistsException if another namespace has the name
   */
  NamespaceDetail create(NamespaceDetail detail);

  Optional<VersionedNamespace> getByName(String name);

  /** {@code id} is the namespace's UUID in text form; a malformed id finds nothing. */
  Optional<VersionedNamespace> getById(String id);

  /**
   * Replaces a namespace's detail (same name and id) if no namespace write happened since the read that
   * returned {@code expectedNotificationVersion}.
   *
   * @return the detail as stored
   * @throws NamespaceUpdateConflictException if another write came first: read again and redo the change
   */
  NamespaceDetail update(NamespaceDetail detail, long expectedNotificationVersion);

  /**
   * A page of namespaces in name order, starting after {@code afterName} ({@code ""} for the first
   * page). Deleted namespaces are included; callers filter.
   */
  NamespacePage list(String afterName, int pageSize);

  /** The current notification version: changes whenever any namespace changes. */
  long notificationVersion();
}
