package dev.conduit.frontend.api;

import dev.conduit.frontend.visibility.SearchAttributeRegistry;
import dev.conduit.visibility.query.SystemSearchAttributes;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;

/** A namespace's custom search attributes, the system ones, and how the index stores each. */
public final class ListSearchAttributes implements Operation<ListSearchAttributesRequest, ListSearchAttributesResponse> {
  private final SearchAttributeRegistry registry;

  public ListSearchAttributes(SearchAttributeRegistry registry) {
    this.registry = registry;
  }

  @Override
  public ListSearchAttributesResponse handle(ListSearchAttributesRequest request) {
    return ListSearchAttributesResponse.newBuilder()
        .putAllCustomAttributes(registry.custom(request.getNamespace()))
        .putAllSystemAttributes(SystemSearchAttributes.TYPES)
        .putAllStorageSchema(registry.storageSchema(request.getNamespace()))
        .build();
  }
}
