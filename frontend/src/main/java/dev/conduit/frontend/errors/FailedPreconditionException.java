package dev.conduit.frontend.errors;

/**
 * A well-formed request this frontend cannot serve in its current setup or state (e.g. a cluster call on a
 * frontend without a cluster store); becomes {@code FAILED_PRECONDITION} with the message.
 */
public final class FailedPreconditionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FailedPreconditionException(String message) {
    super(message);
  }
}
