package dev.conduit.frontend.api;

import com.google.protobuf.ByteString;
import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.frontend.namespace.NamespaceResponses;
import dev.conduit.persistence.namespace.NamespacePage;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import io.temporal.api.workflowservice.v1.ListNamespacesRequest;
import io.temporal.api.workflowservice.v1.ListNamespacesResponse;
import java.nio.charset.StandardCharsets;

/**
 * Lists namespaces in name order, a page at a time. The page token is the last name of the previous
 * page, so it stays valid across restarts and namespace changes. Deleted namespaces are left out unless
 * the filter asks for them.
 */
public final class ListNamespaces implements Operation<ListNamespacesRequest, ListNamespacesResponse> {
  static final int DEFAULT_PAGE_SIZE = 100;
  static final int MAX_PAGE_SIZE = 1000;

  private final FrontendContext context;

  public ListNamespaces(FrontendContext context) {
    this.context = context;
  }

  @Override
  public ListNamespacesResponse handle(ListNamespacesRequest request) {
    int pageSize = request.getPageSize();
    if (pageSize < 0 || pageSize > MAX_PAGE_SIZE) {
      throw new InvalidArgumentException("page_size", "must be in 0.." + MAX_PAGE_SIZE + " (0 for "
          + DEFAULT_PAGE_SIZE + "), was " + pageSize);
    }
    if (pageSize == 0) {
      pageSize = DEFAULT_PAGE_SIZE;
    }
    String after = request.getNextPageToken().toString(StandardCharsets.UTF_8);
    boolean includeDeleted = request.getNamespaceFilter().getIncludeDeleted();
    NamespacePage page = context.namespaceStore().list(after, pageSize);
    ListNamespacesResponse.Builder response = ListNamespacesResponse.newBuilder();
    for (NamespaceDetail detail : page.namespaces()) {
      if (includeDeleted || detail.getInfo().getState() != NamespaceDetail.State.STATE_DELETED) {
        response.addNamespaces(NamespaceResponses.describe(detail));
      }
    }
    page.nextAfterName().ifPresent(next -> response.setNextPageToken(ByteString.copyFromUtf8(next)));
    return response.build();
  }
}
