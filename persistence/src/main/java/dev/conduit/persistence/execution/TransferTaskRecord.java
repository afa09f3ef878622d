package dev.conduit.persistence.execution;

/**
 * A transfer task written in the same conditional write as the state change that created it (an outbox
 * row): {@code type} and {@code data} belong to the history service, which alone interprets them.
 */
public record TransferTaskRecord(long taskId, WorkflowKey workflow, int type, byte[] data) {}
