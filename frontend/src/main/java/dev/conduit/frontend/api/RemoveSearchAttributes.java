package dev.conduit.frontend.api;

import dev.conduit.frontend.visibility.SearchAttributeRegistry;
import io.temporal.api.operatorservice.v1.RemoveSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.RemoveSearchAttributesResponse;

/** Takes custom search attributes out of a namespace's registry ({@code temporal operator search-attribute remove}). */
public final class RemoveSearchAttributes
    implements Operation<RemoveSearchAttributesRequest, RemoveSearchAttributesResponse> {
  private final SearchAttributeRegistry registry;

  public RemoveSearchAttributes(SearchAttributeRegistry registry) {
    this.registry = registry;
  }

  @Override
  public RemoveSearchAttributesResponse handle(RemoveSearchAttributesRequest request) {
    registry.remove(request.getNamespace(), request.getSearchAttributesList());
    return RemoveSearchAttributesResponse.getDefaultInstance();
  }
}
