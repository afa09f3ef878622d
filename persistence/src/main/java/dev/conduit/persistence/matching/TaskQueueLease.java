package dev.conduit.persistence.matching;

/**
 * A task queue lease as taken or renewed: the fencing token {@code rangeId} every later write is
 * conditioned on, and the ack level the previous holder persisted (tasks at or below it are done).
 */
public record TaskQueueLease(TaskQueueId queue, long rangeId, long ackLevel) {}
