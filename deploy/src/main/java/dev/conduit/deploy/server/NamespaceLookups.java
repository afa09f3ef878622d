package dev.conduit.deploy.server;

import com.google.protobuf.util.Durations;
import dev.conduit.config.dynamic.DynamicConfig;
import dev.conduit.history.NamespaceEntry;
import dev.conduit.history.NamespaceLookup;
import dev.conduit.history.WorkflowLimits;
import dev.conduit.history.errors.NamespaceNotFoundException;
import dev.conduit.persistence.namespace.NamespaceRegistry;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import java.time.Duration;

/**
 * History's view of namespaces, served from the shared namespace registry cache, each under the
 * per-run limits dynamic config sets for it (read on every lookup, so a changed file takes effect).
 */
final class NamespaceLookups {
  private NamespaceLookups() {}

  static NamespaceLookup from(NamespaceRegistry registry, DynamicConfig dynamic) {
    return namespaceId -> {
      NamespaceDetail detail;
      try {
        detail = registry.getById(namespaceId);
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
          detail.getReplication().getActiveClusterName());
    };
  }
}
