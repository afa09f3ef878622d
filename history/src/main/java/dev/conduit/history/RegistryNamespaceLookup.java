package dev.conduit.history;

import com.google.protobuf.util.Durations;
import dev.conduit.config.dynamic.DynamicConfig;
import dev.conduit.history.errors.NamespaceNotFoundException;
import dev.conduit.persistence.namespace.NamespaceRegistry;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * History's view of namespaces, served from the shared namespace registry cache, each under the
 * per-run limits dynamic config sets for it (read on every lookup, so a changed file takes effect), as
 * seen from the cluster this process belongs to.
 */
public final class RegistryNamespaceLookup implements NamespaceLookup {
  private final NamespaceRegistry registry;
  private final DynamicConfig dynamic;
  private final String currentCluster;

  private RegistryNamespaceLookup(NamespaceRegistry registry, DynamicConfig dynamic, String currentCluster) {
    this.registry = registry;
    this.dynamic = dynamic;
    this.currentCluster = currentCluster;
  }

  public static NamespaceLookup from(NamespaceRegistry registry, DynamicConfig dynamic, String currentCluster) {
    return new RegistryNamespaceLookup(registry, dynamic, currentCluster);
  }

  @Override
  public NamespaceEntry byId(String namespaceId) {
    return entry(namespaceId, () -> registry.getById(namespaceId));
  }

  @Override
  public NamespaceEntry reload(String namespaceId) {
    return entry(namespaceId, () -> registry.reloadById(namespaceId));
  }

  @Override
  public String currentCluster() {
    return currentCluster;
  }

  private NamespaceEntry entry(String namespaceId, Supplier<NamespaceDetail> lookup) {
    NamespaceDetail detail;
    try {
      detail = lookup.get();
    } catch (dev.conduit.persistence.namespace.NamespaceNotFoundException e) {
      throw new NamespaceNotFoundException(namespaceId);
    }
    return new NamespaceEntry(
        detail.getInfo().getId(),
        detail.getInfo().getName(),
        detail.getFailoverVersion(),
        Duration.ofMillis(Durations.toMillis(detail.getConfig().getRetention())),
        WorkflowLimits.from(dynamic, detail.getInfo().getName()),
        detail.getIsGlobal(),
        detail.getReplication().getClustersList(),
        detail.getReplication().getActiveClusterName(),
        detail.getFailoverNotificationVersion(),
        detail.getReplication().getReplicationState() == NamespaceDetail.ReplicationState.REPLICATION_STATE_HANDOVER,
        detail.getCustomSearchAttributesMap());
  }
}
