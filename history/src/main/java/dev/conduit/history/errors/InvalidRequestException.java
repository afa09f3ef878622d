package dev.conduit.history.errors;

/** The request is malformed or breaks a limit; repeating it unchanged fails again (INVALID_ARGUMENT). */
public final class InvalidRequestException extends HistoryServiceException {
  private static final long serialVersionUID = 1L;

  public InvalidRequestException(String message) {
    super(message, false);
  }
}
