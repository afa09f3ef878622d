package dev.conduit.history.api.getrawhistory;

import com.google.protobuf.ByteString;
import dev.conduit.history.api.HistoryPages;
import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.workflow.VersionHistories;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.history.v1.GetRawHistoryRequest;
import dev.conduit.proto.history.v1.GetRawHistoryResponse;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import dev.conduit.proto.persistence.v1.VersionHistory;
import io.temporal.api.history.v1.HistoryEvent;

/**
 * GetRawHistory: a run's events between two (event id, version) points of one of its branches, as Temporal's
 * GetWorkflowExecutionRawHistoryV2 (with an inclusive end). The end point names the branch (the version history
 * that holds that event with that version; none given: the current branch to its end), so a standby reading a
 * gap or a resend gets the events of the branch its task came from even when the run has forked since. The
 * answer carries that branch's version history, which a standby needs to apply the events.
 */
public final class GetRawHistory {
  static final int DEFAULT_PAGE_SIZE = 100;
  static final int MAX_PAGE_SIZE = 1000;

  private final ShardController shards;

  public GetRawHistory(ShardController shards) {
    this.shards = shards;
  }

  public GetRawHistoryResponse invoke(GetRawHistoryRequest request) {
    if (request.getNamespaceId().isEmpty() || request.getWorkflowId().isEmpty() || request.getRunId().isEmpty()) {
      throw new InvalidRequestException("GetRawHistory needs namespace id, workflow id and run id.");
    }
    if (request.getPageSize() < 0 || request.getStartEventId() < 0 || request.getEndEventId() < 0) {
      throw new InvalidRequestException("GetRawHistory: page size and event ids cannot be negative.");
    }
    WorkflowKey key = new WorkflowKey(request.getNamespaceId(), request.getWorkflowId(), request.getRunId());
    ShardContext shard = shards.shardFor(key.namespaceId(), key.workflowId());
    MutableStateRecord state = shard.read(key);
    VersionHistory branch = branch(state, request);
    long last = request.getEndEventId() == 0 ? VersionHistories.lastEventId(branch) : request.getEndEventId();
    if (request.getStartEventId() > 0 && request.getStartEventVersion() != 0
        && !VersionHistories.contains(branch, request.getStartEventId(), request.getStartEventVersion())) {
      throw new InvalidRequestException("event " + request.getStartEventId() + " at version "
          + request.getStartEventVersion() + " is not on the branch read of workflow " + key.workflowId() + " run "
          + key.runId());
    }
    int pageSize = request.getPageSize() == 0 ? DEFAULT_PAGE_SIZE : Math.min(request.getPageSize(), MAX_PAGE_SIZE);
    HistoryPages.Page page = HistoryPages.read(shard, branch.getBranchToken().toByteArray(),
        request.getStartEventId() + 1, last + 1, pageSize,
        request.getNextPageToken().isEmpty() ? null : request.getNextPageToken().toByteArray());
    GetRawHistoryResponse.Builder response = GetRawHistoryResponse.newBuilder()
        .addAllVersionHistoryItems(branch.getItemsList());
    for (HistoryEvent event : page.events()) {
      response.addEvents(event.toByteString());
    }
    if (page.storeToken() != null) {
      response.setNextPageToken(ByteString.copyFrom(page.storeToken()));
    }
    return response.build();
  }

  /** The branch the end point names, or the current one. */
  private static VersionHistory branch(MutableStateRecord state, GetRawHistoryRequest request) {
    if (request.getEndEventId() == 0) {
      return VersionHistories.current(state.getVersionHistories());
    }
    for (VersionHistory history : state.getVersionHistories().getHistoriesList()) {
      if (VersionHistories.contains(history, request.getEndEventId(), request.getEndEventVersion())) {
        return history;
      }
    }
    throw new InvalidRequestException("no branch of workflow " + request.getWorkflowId() + " run " + request.getRunId()
        + " holds event " + request.getEndEventId() + " at version " + request.getEndEventVersion());
  }
}
