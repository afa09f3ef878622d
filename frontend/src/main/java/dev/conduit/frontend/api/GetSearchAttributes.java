package dev.conduit.frontend.api;

import dev.conduit.frontend.visibility.VisibilityReader;
import io.temporal.api.workflowservice.v1.GetSearchAttributesRequest;
import io.temporal.api.workflowservice.v1.GetSearchAttributesResponse;

/** The search attributes visibility queries may name, system and custom, with their types. */
public final class GetSearchAttributes implements Operation<GetSearchAttributesRequest, GetSearchAttributesResponse> {
  private final VisibilityReader visibility;

  public GetSearchAttributes(VisibilityReader visibility) {
    this.visibility = visibility;
  }

  @Override
  public GetSearchAttributesResponse handle(GetSearchAttributesRequest request) {
    return GetSearchAttributesResponse.newBuilder().putAllKeys(visibility.searchAttributes()).build();
  }
}
