package dev.conduit.history.api.replicateevents;

import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.replication.ReplicationPlan;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.workflow.Events;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.history.v1.ReplicateEventsRequest;
import dev.conduit.proto.history.v1.ReplicateEventsResponse;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.List;

/**
 * ReplicateEvents: the standby side of workflow replication. Applies events another cluster wrote to this
 * cluster's copy of the run (created from its first events), drops events it already has, and answers a gap
 * with the next event id it lacks, so the caller can fetch the missing range first.
 */
public final class ReplicateEvents {
  private final ShardController shards;

  public ReplicateEvents(ShardController shards) {
    this.shards = shards;
  }

  public ReplicateEventsResponse invoke(ReplicateEventsRequest request) {
    if (request.getNamespaceId().isEmpty() || request.getWorkflowId().isEmpty() || request.getRunId().isEmpty()) {
      throw new InvalidRequestException("ReplicateEvents needs namespace id, workflow id and run id.");
    }
    if (request.getVersionHistoryItemsCount() == 0) {
      throw new InvalidRequestException("ReplicateEvents needs the source's version history.");
    }
    List<HistoryEvent> events = request.getEventsList().stream().map(Events::decode).toList();
    WorkflowKey key = new WorkflowKey(request.getNamespaceId(), request.getWorkflowId(), request.getRunId());
    ReplicationPlan plan;
    try {
      plan = shards.shardFor(key.namespaceId(), key.workflowId())
          .replicate(key, request.getVersionHistoryItemsList(), events);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage());
    }
    return ReplicateEventsResponse.newBuilder()
        .setOutcome(switch (plan.kind()) {
          case CREATE, APPEND -> ReplicateEventsResponse.Outcome.OUTCOME_APPLIED;
          case FORK -> ReplicateEventsResponse.Outcome.OUTCOME_FORKED;
          case STALE -> ReplicateEventsResponse.Outcome.OUTCOME_DISCARDED;
          case DUPLICATE -> ReplicateEventsResponse.Outcome.OUTCOME_DUPLICATE;
          case GAP -> ReplicateEventsResponse.Outcome.OUTCOME_GAP;
        })
        .setNextEventId(plan.nextEventId())
        .build();
  }
}
