package dev.conduit.persistence;

/**
 * A conditional write (lightweight transaction) timed out or lost its connection after it was sent: it
 * may or may not have been applied. The caller must reload what it wrote before deciding again; repeating
 * the same write blindly could apply one state change twice or overwrite a newer one.
 */
public final class OutcomeUnknownException extends PersistenceException {
  private static final long serialVersionUID = 1L;

  public OutcomeUnknownException(String operation, Throwable cause) {
    super(operation + ": outcome unknown, the conditional write may or may not have been applied; reload before retrying"
        + " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")", true, cause);
  }
}
