package dev.conduit.persistence.execution;

/**
 * The current-execution record of a workflow id: which run is current, whether it is open, how it closed
 * ({@code status} is the {@code temporal.api.enums.v1.WorkflowExecutionStatus} number), the request id
 * that created it (start dedupe) and the failover version of its last write.
 */
public record CurrentExecution(
    String runId, String createRequestId, ExecutionState state, int status, long lastWriteVersion) {}
