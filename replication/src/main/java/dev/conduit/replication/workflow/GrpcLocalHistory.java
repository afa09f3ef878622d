package dev.conduit.replication.workflow;

import dev.conduit.client.history.HistoryServiceClient;
import dev.conduit.proto.history.v1.GetReplicationTasksRequest;
import dev.conduit.proto.history.v1.GetReplicationTasksResponse;
import dev.conduit.proto.history.v1.ReplicateEventsRequest;
import dev.conduit.proto.history.v1.ReplicateEventsResponse;
import dev.conduit.proto.history.v1.SyncActivityRequest;
import dev.conduit.proto.history.v1.SyncActivityResponse;
import dev.conduit.proto.history.v1.UpdateReplicationAckLevelRequest;

/**
 * {@link LocalHistory} over the shared {@link HistoryServiceClient}: shard-wide calls go to the owner of the shard
 * they name, workflow calls to the owner of the workflow's shard; deadline, retry and breakers are that client's.
 */
public final class GrpcLocalHistory implements LocalHistory {
  private final HistoryServiceClient history;

  public GrpcLocalHistory(HistoryServiceClient history) {
    this.history = history;
  }

  @Override
  public int numShards() {
    return history.numShards();
  }

  @Override
  public GetReplicationTasksResponse getReplicationTasks(GetReplicationTasksRequest request) {
    return history.callShard(request.getShardId(), stub -> stub.getReplicationTasks(request));
  }

  @Override
  public void updateReplicationAckLevel(UpdateReplicationAckLevelRequest request) {
    history.callShard(request.getShardId(), stub -> stub.updateReplicationAckLevel(request));
  }

  @Override
  public ReplicateEventsResponse replicateEvents(ReplicateEventsRequest request) {
    return history.call(request.getNamespaceId(), request.getWorkflowId(), stub -> stub.replicateEvents(request));
  }

  @Override
  public SyncActivityResponse syncActivity(SyncActivityRequest request) {
    return history.call(request.getTask().getNamespaceId(), request.getTask().getWorkflowId(),
        stub -> stub.syncActivity(request));
  }
}
