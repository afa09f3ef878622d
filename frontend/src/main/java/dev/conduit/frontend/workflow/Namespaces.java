package dev.conduit.frontend.workflow;

import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.frontend.errors.NamespaceHandoverException;
import dev.conduit.frontend.errors.NamespaceNotActiveException;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.persistence.namespace.NamespaceNotFoundException;
import dev.conduit.persistence.namespace.NamespaceRegistry;
import dev.conduit.proto.persistence.v1.NamespaceDetail;

/**
 * Resolves the namespace a workflow call names through the registry's cache. An unknown or deleted
 * namespace is NOT_FOUND with {@code NamespaceNotFoundFailure}, which SDKs act on. A call that writes
 * asks for an active namespace: a global namespace active in another cluster is answered
 * {@code NamespaceNotActive} here (the {@code noop} redirection policy), before history is called.
 */
public final class Namespaces {
  private final NamespaceRegistry registry;
  private final String currentCluster;

  public Namespaces(NamespaceRegistry registry, String currentCluster) {
    this.registry = registry;
    this.currentCluster = currentCluster;
  }

  /** The namespace named {@code name}, which the request's {@code namespace} field must set. */
  public NamespaceDetail byName(String name) {
    if (name.isEmpty()) {
      throw new InvalidArgumentException("namespace", "is required");
    }
    RequestChecks.checkLength("namespace", name);
    return live(registry.getByName(name), name);
  }

  /** The namespace named {@code name} for a call that writes to it: it must be active in this cluster. */
  public NamespaceDetail activeByName(String name) {
    return requireActive(byName(name));
  }

  /** The namespace with this id (from a task token). */
  public NamespaceDetail byId(String id) {
    return live(registry.getById(id), id);
  }

  /**
   * {@code detail}, if this cluster may write to it: local, or global and active here and not in HANDOVER (a
   * graceful failover in progress answers UNAVAILABLE, which SDKs retry).
   */
  public NamespaceDetail requireActive(NamespaceDetail detail) {
    requireActiveEvenInHandover(detail);
    if (detail.getReplication().getReplicationState() == NamespaceDetail.ReplicationState.REPLICATION_STATE_HANDOVER) {
      throw new NamespaceHandoverException(detail.getInfo().getName());
    }
    return detail;
  }

  /**
   * {@code detail}, if this cluster may write to it, HANDOVER or not: for the end of a started workflow task,
   * which writes the signals buffered behind it so that they replicate before the failover switches.
   */
  public NamespaceDetail requireActiveEvenInHandover(NamespaceDetail detail) {
    String active = detail.getReplication().getActiveClusterName();
    if (detail.getIsGlobal() && !active.equals(currentCluster)) {
      throw new NamespaceNotActiveException(detail.getInfo().getName(), currentCluster, active);
    }
    return detail;
  }

  private static NamespaceDetail live(NamespaceDetail detail, String asked) {
    if (detail.getInfo().getState() == NamespaceDetail.State.STATE_DELETED) {
      throw new NamespaceNotFoundException(asked);
    }
    return detail;
  }
}
