package dev.conduit.persistence.execution;

/**
 * A history shard's row: its fencing token {@code rangeId}, the host that took it, and history's opaque
 * shard info (ack levels of its queues; empty until first stored).
 */
public record ShardRecord(int shardId, long rangeId, String owner, byte[] data) {}
