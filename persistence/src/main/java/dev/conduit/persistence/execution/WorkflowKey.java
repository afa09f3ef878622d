package dev.conduit.persistence.execution;

import java.util.Objects;

/** Identifies one run of a workflow. */
public record WorkflowKey(String namespaceId, String workflowId, String runId) {
  public WorkflowKey {
    Objects.requireNonNull(namespaceId, "namespaceId");
    Objects.requireNonNull(workflowId, "workflowId");
    Objects.requireNonNull(runId, "runId");
  }
}
