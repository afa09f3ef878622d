package dev.conduit.replication.workflow;

import dev.conduit.proto.history.v1.GetReplicationTasksRequest;
import dev.conduit.proto.history.v1.GetReplicationTasksResponse;
import dev.conduit.proto.history.v1.ReplicateEventsRequest;
import dev.conduit.proto.history.v1.ReplicateEventsResponse;
import dev.conduit.proto.history.v1.SyncActivityRequest;
import dev.conduit.proto.history.v1.SyncActivityResponse;
import dev.conduit.proto.history.v1.UpdateReplicationAckLevelRequest;

/**
 * This cluster's history service as workflow replication uses it, each call sent to the owner of the shard
 * it names: the outbox on the source side, ReplicateEvents on the standby side.
 */
public interface LocalHistory {
  int numShards();

  GetReplicationTasksResponse getReplicationTasks(GetReplicationTasksRequest request);

  void updateReplicationAckLevel(UpdateReplicationAckLevelRequest request);

  ReplicateEventsResponse replicateEvents(ReplicateEventsRequest request);

  SyncActivityResponse syncActivity(SyncActivityRequest request);
}
