package dev.conduit.membership;

/**
 * The service registry could not do what was asked. {@link #retryable()} tells callers whether the same
 * request may succeed later (registry unreachable or overloaded) or will fail again (rejected input,
 * missing permission).
 */
public class RegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  public RegistryException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** Whether repeating the request unchanged may succeed. */
  public boolean retryable() {
    return retryable;
  }
}
