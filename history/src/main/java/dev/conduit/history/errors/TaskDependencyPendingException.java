package dev.conduit.history.errors;

/**
 * A queue task that must wait for other tasks to be done first (a run's deletion waits for its close tasks): not a
 * failure, the queue tries it again after its backoff without logging it as one.
 */
public final class TaskDependencyPendingException extends HistoryServiceException {
  private static final long serialVersionUID = 1L;

  public TaskDependencyPendingException(String message) {
    super(message, true);
  }
}
