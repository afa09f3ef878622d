package dev.conduit.history.errors;

import io.temporal.api.failure.v1.Failure;

/**
 * The worker could not answer a query (the query handler threw, or the query type is unknown):
 * INVALID_ARGUMENT with {@code QueryFailedFailure}, which the SDK turns into a query exception.
 */
public final class QueryFailedException extends HistoryServiceException {
  private static final long serialVersionUID = 1L;
  private final transient Failure failure;

  public QueryFailedException(String message, Failure failure) {
    super(message, false);
    this.failure = failure;
  }

  /** The worker's failure, or null when it sent only a message. */
  public Failure failure() {
    return failure;
  }
}
