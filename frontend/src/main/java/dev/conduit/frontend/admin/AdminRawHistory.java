package dev.conduit.frontend.admin;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.persistence.namespace.NamespaceNotFoundException;
import dev.conduit.proto.admin.v1.GetWorkflowExecutionRawHistoryRequest;
import dev.conduit.proto.admin.v1.GetWorkflowExecutionRawHistoryResponse;
import dev.conduit.proto.admin.v1.RawVersionHistoryItem;
import dev.conduit.proto.history.v1.GetRawHistoryRequest;
import dev.conduit.proto.history.v1.GetRawHistoryResponse;
import dev.conduit.proto.persistence.v1.VersionHistoryItem;

/**
 * {@code AdminService.GetWorkflowExecutionRawHistory}: a run's events between two (event id, version) points of one
 * branch, with that branch's version history, from the history shard that owns the run. This cluster's own copy,
 * never forwarded: a standby asks the source cluster for what it lacks.
 */
final class AdminRawHistory {
  private final FrontendContext context;

  AdminRawHistory(FrontendContext context) {
    this.context = context;
  }

  GetWorkflowExecutionRawHistoryResponse read(GetWorkflowExecutionRawHistoryRequest request) {
    if (request.getWorkflowId().isEmpty()) {
      throw new InvalidArgumentException("workflow_id", "is empty");
    }
    if (request.getRunId().isEmpty()) {
      throw new InvalidArgumentException("run_id", "is empty; raw history is read for one run");
    }
    if (request.getMaximumPageSize() < 0 || request.getStartEventId() < 0 || request.getEndEventId() < 0) {
      throw new InvalidArgumentException("maximum_page_size", "page size and event ids cannot be negative");
    }
    if (request.getEndEventId() > 0 && request.getEndEventId() <= request.getStartEventId()) {
      throw new InvalidArgumentException("end_event_id", "must be after start_event_id");
    }
    String namespaceId = namespaceId(request);
    GetRawHistoryResponse page = context.historyClient().call(namespaceId, request.getWorkflowId(),
        stub -> stub.getRawHistory(GetRawHistoryRequest.newBuilder()
            .setNamespaceId(namespaceId)
            .setWorkflowId(request.getWorkflowId())
            .setRunId(request.getRunId())
            .setStartEventId(request.getStartEventId())
            .setStartEventVersion(request.getStartEventVersion())
            .setEndEventId(request.getEndEventId())
            .setEndEventVersion(request.getEndEventVersion())
            .setPageSize(request.getMaximumPageSize())
            .setNextPageToken(request.getNextPageToken())
            .build()));
    GetWorkflowExecutionRawHistoryResponse.Builder response = GetWorkflowExecutionRawHistoryResponse.newBuilder()
        .addAllEvents(page.getEventsList())
        .setNextPageToken(page.getNextPageToken());
    for (VersionHistoryItem item : page.getVersionHistoryItemsList()) {
      response.addVersionHistoryItems(RawVersionHistoryItem.newBuilder().setEventId(item.getEventId())
          .setVersion(item.getVersion()));
    }
    return response.build();
  }

  private String namespaceId(GetWorkflowExecutionRawHistoryRequest request) {
    if (!request.getNamespaceId().isEmpty()) {
      return request.getNamespaceId();
    }
    if (request.getNamespace().isEmpty()) {
      throw new InvalidArgumentException("namespace", "is empty; give the namespace's id or name");
    }
    return context.namespaceStore().getByName(request.getNamespace())
        .orElseThrow(() -> new NamespaceNotFoundException(request.getNamespace())).detail().getInfo().getId();
  }
}
