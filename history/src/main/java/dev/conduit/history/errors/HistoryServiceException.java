package dev.conduit.history.errors;

/**
 * Root of the errors history answers with. {@link #isRetryable()} tells the caller (the frontend,
 * matching, a queue processor) whether the same call may succeed later; the edge maps each subclass to
 * a gRPC status.
 */
public abstract class HistoryServiceException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;

  protected HistoryServiceException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  protected HistoryServiceException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean isRetryable() {
    return retryable;
  }
}
