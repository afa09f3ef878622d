package dev.conduit.history.errors;

/**
 * A start named a workflow id whose current run is still open (or closed in a way the id-reuse policy
 * refuses). Carries what the SDK's {@code WorkflowExecutionAlreadyStartedFailure} needs.
 */
public final class WorkflowAlreadyStartedException extends HistoryServiceException {
  private static final long serialVersionUID = 1L;
  private final String runId;
  private final String startRequestId;

  public WorkflowAlreadyStartedException(String message, String runId, String startRequestId) {
    super(message, false);
    this.runId = runId;
    this.startRequestId = startRequestId;
  }

  public String runId() {
    return runId;
  }

  public String startRequestId() {
    return startRequestId;
  }
}
