package dev.conduit.visibility.query;

/**
 * A visibility query that cannot be translated: malformed syntax, an unknown search attribute, a value of the wrong
 * type, or an operator the attribute's type does not support. The message names the problem and the 1-based
 * character position in the query where it was found, e.g.
 * {@code invalid query: unknown search attribute 'Foo' at position 1}.
 */
public final class InvalidQueryException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int position;

  /**
   * @param problem what is wrong, without the "invalid query" prefix or the position
   * @param position the 1-based character position of the offending part of the query
   */
  public InvalidQueryException(String problem, int position) {
    super("invalid query: " + problem + " at position " + position);
    this.position = position;
  }

  /** The 1-based character position in the query where the problem was found. */
  public int position() {
    return position;
  }
}
