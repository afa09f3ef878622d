package dev.conduit.persistence.execution;

/**
 * A replication task written in the same conditional write as the state change it describes (an outbox
 * row, like {@link TransferTaskRecord}); {@code type} and {@code data} belong to the history service.
 * Remote clusters read these in task id order and the shard deletes them once every remote acked them.
 */
public record ReplicationTaskRecord(long taskId, WorkflowKey workflow, int type, byte[] data) {}
