package dev.conduit.persistence.execution;

import java.time.Instant;

/**
 * A durable timer written with the state change that created it, due at {@code fireTime}; ordered by
 * ({@code fireTime}, {@code taskId}). {@code type} and {@code data} belong to the history service.
 */
public record TimerTaskRecord(Instant fireTime, long taskId, WorkflowKey workflow, int type, byte[] data) {}
