package dev.conduit.frontend.api;

import dev.conduit.frontend.visibility.SearchAttributeRegistry;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.AddSearchAttributesResponse;

/** Registers custom search attributes for a namespace ({@code temporal operator search-attribute create}). */
public final class AddSearchAttributes implements Operation<AddSearchAttributesRequest, AddSearchAttributesResponse> {
  private final SearchAttributeRegistry registry;

  public AddSearchAttributes(SearchAttributeRegistry registry) {
    this.registry = registry;
  }

  @Override
  public AddSearchAttributesResponse handle(AddSearchAttributesRequest request) {
    registry.add(request.getNamespace(), request.getSearchAttributesMap());
    return AddSearchAttributesResponse.getDefaultInstance();
  }
}
