package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.frontend.namespace.NamespaceResponses;
import dev.conduit.persistence.namespace.NamespaceNotFoundException;
import dev.conduit.persistence.namespace.VersionedNamespace;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceResponse;
import java.util.Optional;

/**
 * Describes a namespace named by name or by id (exactly one). A normal describe reads the store, so it
 * sees a change made through any frontend; with {@code weak_consistency} the registry's cache answers.
 */
public final class DescribeNamespace implements Operation<DescribeNamespaceRequest, DescribeNamespaceResponse> {
  private final FrontendContext context;

  public DescribeNamespace(FrontendContext context) {
    this.context = context;
  }

  @Override
  public DescribeNamespaceResponse handle(DescribeNamespaceRequest request) {
    boolean byName = !request.getNamespace().isEmpty();
    boolean byId = !request.getId().isEmpty();
    if (byName == byId) {
      throw new InvalidArgumentException(byName ? "id" : "namespace",
          "name the namespace either by namespace (name) or by id, " + (byName ? "not both" : "one is required"));
    }
    String key = byName ? request.getNamespace() : request.getId();
    NamespaceDetail detail;
    if (request.getWeakConsistency()) {
      detail = byName ? context.namespaceRegistry().getByName(key) : context.namespaceRegistry().getById(key);
    } else {
      Optional<VersionedNamespace> found =
          byName ? context.namespaceStore().getByName(key) : context.namespaceStore().getById(key);
      detail = found.orElseThrow(() -> new NamespaceNotFoundException(key)).detail();
      context.namespaceRegistry().put(detail);
    }
    return NamespaceResponses.describe(detail);
  }
}
