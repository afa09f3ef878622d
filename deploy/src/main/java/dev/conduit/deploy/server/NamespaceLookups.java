package dev.conduit.deploy.server;

import com.google.protobuf.util.Durations;
import dev.conduit.history.NamespaceEntry;
import dev.conduit.history.NamespaceLookup;
import dev.conduit.history.errors.NamespaceNotFoundException;
import dev.conduit.persistence.namespace.NamespaceRegistry;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import java.time.Duration;

/** History's view of namespaces, served from the shared namespace registry cache. */
final class NamespaceLookups {
  private NamespaceLookups() {}

  static NamespaceLookup from(NamespaceRegistry registry) {
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
          Duration.ofMillis(Durations.toMillis(detail.getConfig().getRetention())));
    };
  }
}
