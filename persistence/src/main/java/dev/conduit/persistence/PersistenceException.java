package dev.conduit.persistence;

/**
 * Root of the persistence errors. {@link #isRetryable()} says whether the same call may succeed when
 * repeated (a timeout, an unavailable node) or never will (a failed condition, lost ownership).
 */
public class PersistenceException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;

  public PersistenceException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public PersistenceException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean isRetryable() {
    return retryable;
  }
}
