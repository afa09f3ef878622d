package dev.conduit.frontend.workflow;

import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.persistence.namespace.NamespaceNotFoundException;
import dev.conduit.persistence.namespace.NamespaceRegistry;
import dev.conduit.proto.persistence.v1.NamespaceDetail;

/**
 * Resolves the namespace a workflow call names through the registry's cache. An unknown or deleted
 * namespace is NOT_FOUND with {@code NamespaceNotFoundFailure}, which SDKs act on.
 */
public final class Namespaces {
  private final NamespaceRegistry registry;

  public Namespaces(NamespaceRegistry registry) {
    this.registry = registry;
  }

  /** The namespace named {@code name}, which the request's {@code namespace} field must set. */
  public NamespaceDetail byName(String name) {
    if (name.isEmpty()) {
      throw new InvalidArgumentException("namespace", "is required");
    }
    RequestChecks.checkLength("namespace", name);
    return live(registry.getByName(name), name);
  }

  /** The namespace with this id (from a task token). */
  public NamespaceDetail byId(String id) {
    return live(registry.getById(id), id);
  }

  private static NamespaceDetail live(NamespaceDetail detail, String asked) {
    if (detail.getInfo().getState() == NamespaceDetail.State.STATE_DELETED) {
      throw new NamespaceNotFoundException(asked);
    }
    return detail;
  }
}
