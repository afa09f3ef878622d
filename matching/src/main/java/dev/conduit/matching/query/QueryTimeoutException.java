package dev.conduit.matching.query;

/**
 * A query got no answer in time: no worker polled its task queue, or the worker that took it did not
 * answer. Becomes DEADLINE_EXCEEDED, as in Temporal when the query's context expires.
 */
public final class QueryTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QueryTimeoutException(String message) {
    super(message, null, false, false);
  }
}
