package dev.conduit.matching.history;

/**
 * History answered that a task needs no start: its workflow is gone or closed, or the task was already
 * started. Matching drops the task; the poller keeps waiting for the next one.
 */
public final class StaleTaskException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StaleTaskException(String message) {
    super(message);
  }
}
