package dev.conduit.history.errors;

/** A dependency (persistence, matching) failed transiently; the call may succeed when repeated. */
public final class HistoryUnavailableException extends HistoryServiceException {
  private static final long serialVersionUID = 1L;

  public HistoryUnavailableException(String message, Throwable cause) {
    super(message, true, cause);
  }
}
