package dev.conduit.visibility.query;

/**
 * One lexical element of a visibility query.
 *
 * @param kind what the token is
 * @param text the token's text: a name, a keyword or operator as written, or a string literal's unescaped content
 * @param position the 1-based character position of the token's first character
 */
record Token(Kind kind, String text, int position) {

  /** The kinds of tokens. */
  enum Kind {
    /** A bare word: an attribute name, a keyword, {@code true} or {@code false}. */
    WORD,
    /** A back-quoted attribute name; never a keyword. */
    QUOTED_NAME,
    /** A single- or double-quoted string literal. */
    STRING,
    /** An integer or decimal literal, possibly negative. */
    NUMBER,
    /** A comparison operator: {@code = != <> < <= > >=}. */
    OPERATOR,
    LEFT_PAREN,
    RIGHT_PAREN,
    COMMA,
    /** The end of the query. */
    END
  }

  /** Whether this token is the bare keyword {@code keyword} (case-insensitive). */
  boolean isKeyword(String keyword) {
    return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
  }

  /** How the token is named in error messages. */
  String describe() {
    return switch (kind) {
      case END -> "end of query";
      case STRING -> "string '" + text + "'";
      case QUOTED_NAME -> "`" + text + "`";
      default -> "'" + text + "'";
    };
  }
}
