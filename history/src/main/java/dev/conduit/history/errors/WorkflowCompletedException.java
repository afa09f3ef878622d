package dev.conduit.history.errors;

/**
 * A signal, cancel or terminate reached a run that already closed (NOT_FOUND "workflow execution already
 * completed", as Temporal answers; the SDK reports the workflow as not found).
 */
public final class WorkflowCompletedException extends EntityNotFoundException {
  private static final long serialVersionUID = 1L;
  public static final String MESSAGE = "workflow execution already completed";

  public WorkflowCompletedException() {
    super(MESSAGE);
  }
}
