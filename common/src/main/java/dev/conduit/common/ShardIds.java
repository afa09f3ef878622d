package dev.conduit.common;

import java.nio.charset.StandardCharsets;

/**
 * The history shard of a workflow: {@code hash(namespaceId, workflowId) mod numShards}. Every service
 * computes it the same way, so the hash must never change once a cluster has data: it is a 32-bit
 * FNV-1a over the UTF-8 bytes of namespace id, a 0 separator byte, and workflow id.
 */
public final class ShardIds {
  private static final int FNV_OFFSET = 0x811c9dc5;
  private static final int FNV_PRIME = 0x01000193;

  private ShardIds() {}

  /** Shard ids run from 0 to {@code numShards - 1}. */
  public static int shardOf(String namespaceId, String workflowId, int numShards) {
    if (numShards < 1) {
      throw new IllegalArgumentException("numShards must be at least 1, was " + numShards);
    }
    int hash = FNV_OFFSET;
    hash = mix(hash, namespaceId.getBytes(StandardCharsets.UTF_8));
    hash = (hash ^ 0) * FNV_PRIME;
    hash = mix(hash, workflowId.getBytes(StandardCharsets.UTF_8));
    return Integer.remainderUnsigned(hash, numShards);
  }

  private static int mix(int hash, byte[] bytes) {
    for (byte b : bytes) {
      hash ^= b & 0xff;
      hash *= FNV_PRIME;
    }
    return hash;
  }
}
