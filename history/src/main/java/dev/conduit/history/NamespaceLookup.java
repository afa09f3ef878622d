package dev.conduit.history;

import dev.conduit.history.errors.NamespaceNotFoundException;

/**
 * What history needs to know about a namespace, resolved by id, and the name of the cluster it runs in
 * (which decides whether a global namespace is active here). The namespace registry is adapted to this
 * interface by the process wiring, so history does not depend on the registry's module.
 */
public interface NamespaceLookup {

  /**
   * The namespace as cached; it may be up to one refresh interval old.
   *
   * @throws NamespaceNotFoundException when the id is unknown
   */
  NamespaceEntry byId(String namespaceId);

  /**
   * The namespace read from its store now, for a caller that found the cached view older than what it
   * knows (a run written under a newer failover version).
   *
   * @throws NamespaceNotFoundException when the id is unknown
   */
  NamespaceEntry reload(String namespaceId);

  /** {@code clusterMetadata.currentClusterName} of this process. */
  String currentCluster();
}
