package dev.conduit.history.errors;

/**
 * The workflow's shard is not served by this host (never acquired, released, or lost to another
 * owner). Retryable: the caller re-resolves the shard owner and tries again (gRPC UNAVAILABLE).
 */
public final class ShardNotOwnedException extends HistoryServiceException {
  private static final long serialVersionUID = 1L;
  private final int shardId;

  public ShardNotOwnedException(int shardId, String detail) {
    super("shard " + shardId + " is not owned by this host: " + detail, true);
    this.shardId = shardId;
  }

  public int shardId() {
    return shardId;
  }
}
