package dev.conduit.history.errors;

/**
 * Concurrent writers kept winning the conditional update of one run; the caller may retry shortly
 * (gRPC RESOURCE_EXHAUSTED / UNAVAILABLE at the edge).
 */
public final class WorkflowBusyException extends HistoryServiceException {
  private static final long serialVersionUID = 1L;

  public WorkflowBusyException(String message) {
    super(message, true);
  }
}
