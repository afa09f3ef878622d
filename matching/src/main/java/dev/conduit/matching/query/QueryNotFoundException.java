package dev.conduit.matching.query;

/**
 * A worker answered a query that no longer waits here: it timed out, was answered already, or its
 * caller went away. Not retryable; the worker drops the answer.
 */
public final class QueryNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QueryNotFoundException(String message) {
    super(message, null, false, false);
  }
}
