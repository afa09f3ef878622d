package dev.conduit.history;

import dev.conduit.history.errors.NamespaceNotFoundException;

/**
 * What history needs to know about a namespace, resolved by id. The namespace registry is adapted to
 * this interface by the process wiring, so history does not depend on the registry's module.
 */
public interface NamespaceLookup {

  /**
   * @throws NamespaceNotFoundException when the id is unknown
   */
  NamespaceEntry byId(String namespaceId);
}
