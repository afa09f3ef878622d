package dev.conduit.persistence.matching;

/**
 * A task queue's lease as stored: the current {@code range_id}, the ack level and the owner that last
 * took or renewed the lease. Read to settle a lease write whose outcome was lost.
 */
public record TaskQueueLeaseRecord(long rangeId, long ackLevel, String owner) {}
