package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.namespace.ArchivalSettings;
import dev.conduit.frontend.namespace.NamespaceChange;
import dev.conduit.frontend.namespace.NamespaceResponses;
import dev.conduit.frontend.namespace.NamespaceValidator;
import dev.conduit.persistence.namespace.NamespaceNotFoundException;
import dev.conduit.persistence.namespace.NamespaceUpdateConflictException;
import dev.conduit.persistence.namespace.VersionedNamespace;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import io.temporal.api.workflowservice.v1.UpdateNamespaceRequest;
import io.temporal.api.workflowservice.v1.UpdateNamespaceResponse;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Updates a namespace: read it, compute the change ({@link NamespaceChange}), write it conditioned on
 * the notification version of the read. If another namespace write came first the whole
 * read-compute-write is redone on the fresh state, so no concurrent change is lost and a failover always
 * moves the version from the version it replaces.
 */
public final class UpdateNamespace implements Operation<UpdateNamespaceRequest, UpdateNamespaceResponse> {
  private static final Logger log = LoggerFactory.getLogger(UpdateNamespace.class);
  static final int MAX_ATTEMPTS = 5;

  private final FrontendContext context;
  private final NamespaceChange change;

  public UpdateNamespace(FrontendContext context) {
    this.context = context;
    this.change = new NamespaceChange(
        new NamespaceValidator(context.clusterMetadata(), context.dynamicConfig()),
        new ArchivalSettings(context.settings().archival(), context.settings().namespaceDefaults()),
        context.failoverVersions(),
        context.clock());
  }

  @Override
  public UpdateNamespaceResponse handle(UpdateNamespaceRequest request) {
    NamespaceValidator.validateName("namespace", request.getNamespace());
    NamespaceUpdateConflictException lastConflict = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      VersionedNamespace current = context.namespaceStore().getByName(request.getNamespace())
          .orElseThrow(() -> new NamespaceNotFoundException(request.getNamespace()));
      Optional<NamespaceDetail> next = change.apply(current, request);
      if (next.isEmpty()) {
        return NamespaceResponses.update(current.detail());
      }
      try {
        NamespaceDetail stored = context.namespaceStore().update(next.get(), current.storeNotificationVersion());
        context.namespaceRegistry().put(stored);
        logUpdate(current.detail(), stored);
        return NamespaceResponses.update(stored);
      } catch (NamespaceUpdateConflictException e) {
        lastConflict = e;
      }
    }
    throw lastConflict;
  }

  private static void logUpdate(NamespaceDetail before, NamespaceDetail after) {
    if (before.getFailoverVersion() != after.getFailoverVersion()) {
      log.info("namespace {} failed over from {} (version {}) to {} (version {})", after.getInfo().getName(),
          before.getReplication().getActiveClusterName(), before.getFailoverVersion(),
          after.getReplication().getActiveClusterName(), after.getFailoverVersion());
    } else {
      log.info("namespace {} updated to config version {}", after.getInfo().getName(), after.getConfigVersion());
    }
  }
}
