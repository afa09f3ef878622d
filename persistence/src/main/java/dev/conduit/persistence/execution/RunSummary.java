package dev.conduit.persistence.execution;

/**
 * A run as its execution row records it, without its mutable state: enough to compare two clusters' copies.
 *
 * @param state the {@link ExecutionState} code
 * @param status the WorkflowExecutionStatus number
 * @param nextEventId the first event id not yet committed
 * @param lastWriteVersion the failover version of the run's last write
 */
public record RunSummary(int shardId, String namespaceId, String workflowId, String runId, int state, int status,
    long nextEventId, long lastWriteVersion) {}
