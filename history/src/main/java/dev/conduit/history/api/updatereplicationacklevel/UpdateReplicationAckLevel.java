package dev.conduit.history.api.updatereplicationacklevel;

import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.shard.ShardController;
import dev.conduit.proto.history.v1.UpdateReplicationAckLevelRequest;
import dev.conduit.proto.history.v1.UpdateReplicationAckLevelResponse;

/**
 * UpdateReplicationAckLevel: a remote cluster handled every replication task of the shard up to the
 * given id. The shard persists the level (fenced by its range) and deletes what all remotes acked.
 */
public final class UpdateReplicationAckLevel {
  private final ShardController shards;

  public UpdateReplicationAckLevel(ShardController shards) {
    this.shards = shards;
  }

  public UpdateReplicationAckLevelResponse invoke(UpdateReplicationAckLevelRequest request) {
    if (request.getClusterName().isEmpty()) {
      throw new InvalidRequestException("ClusterName is not set on request.");
    }
    if (request.getAckLevel() < 0) {
      throw new InvalidRequestException("AckLevel must not be negative.");
    }
    shards.shard(request.getShardId()).updateReplicationAckLevel(request.getClusterName(), request.getAckLevel());
    return UpdateReplicationAckLevelResponse.getDefaultInstance();
  }
}
