package dev.conduit.matching.history;

/**
 * History could not be asked to record a task started (unreachable, timed out, failed). Whether the start
 * was recorded is unknown: matching keeps the task and dispatches it again, and history answers a
 * repeated start of the same task as stale.
 */
public final class HistoryUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public HistoryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
