package dev.conduit.persistence.execution;

/**
 * A run's mutable state as stored: the opaque blob history encodes, plus the columns persistence needs
 * for conditions and the current-execution record. {@code dbVersion} is the record version every
 * update is conditioned on.
 */
public record WorkflowSnapshot(
    WorkflowKey key,
    ExecutionState state,
    int status,
    long nextEventId,
    long lastWriteVersion,
    long dbVersion,
    String createRequestId,
    byte[] mutableState) {}
