package dev.conduit.history.errors;

/**
 * The run already received as many signals as one execution may (INVALID_ARGUMENT, as Temporal answers).
 * A signal from another workflow records SIGNAL_COUNT_LIMIT_EXCEEDED in the sender's history instead.
 */
public final class SignalLimitExceededException extends HistoryServiceException {
  private static final long serialVersionUID = 1L;
  public static final String MESSAGE = "exceeded workflow execution limit for signal events";

  public SignalLimitExceededException() {
    super(MESSAGE, false);
  }
}
