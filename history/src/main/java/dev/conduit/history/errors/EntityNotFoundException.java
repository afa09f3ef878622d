package dev.conduit.history.errors;

/**
 * The workflow run, or the task a token or dispatch names, does not exist or is no longer current
 * (NOT_FOUND). Matching drops a task it gets this for; a worker drops the stale task.
 */
public class EntityNotFoundException extends HistoryServiceException {
  private static final long serialVersionUID = 1L;

  public EntityNotFoundException(String message) {
    super(message, false);
  }
}
