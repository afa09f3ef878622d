package dev.conduit.frontend.errors;

/**
 * A request the frontend refuses before it changes anything; becomes {@code INVALID_ARGUMENT}. The message
 * starts with the offending field, as named in the request proto, so a caller knows what to fix.
 */
public final class InvalidArgumentException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public InvalidArgumentException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
