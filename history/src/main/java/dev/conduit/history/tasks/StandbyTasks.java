package dev.conduit.history.tasks;

import dev.conduit.history.NamespaceEntry;
import dev.conduit.history.errors.StandbyTaskPendingException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.persistence.execution.WorkflowKey;

/**
 * The standby rule of the queues: a transfer or timer task of a run whose namespace is active in another
 * cluster does not act here (no dispatch to this cluster's matching, no timeout, no timer fired); it waits,
 * and runs once the namespace fails over to this cluster.
 */
final class StandbyTasks {
  private StandbyTasks() {}

  /**
   * Throws {@link StandbyTaskPendingException} unless the run's namespace is active in this cluster and not in
   * HANDOVER (a graceful failover waits for the target to apply everything, so nothing new is written meanwhile).
   */
  static void requireActive(ShardContext shard, WorkflowKey key) {
    NamespaceEntry namespace = shard.namespaces().byId(key.namespaceId());
    if (!namespace.isActiveIn(shard.namespaces().currentCluster())) {
      throw new StandbyTaskPendingException(namespace.name(), namespace.activeClusterName());
    }
    if (namespace.inHandover()) {
      throw StandbyTaskPendingException.inHandover(namespace.name());
    }
  }
}
