package dev.conduit.visibility.query;

import dev.conduit.visibility.query.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a visibility query into {@link Token}s. Words are letters, digits and {@code _}, not starting with a digit;
 * names with other characters are back-quoted. String literals are in single or
 * double quotes; inside them a backslash escapes the next character ({@code \n}, {@code \t}, {@code \r} have their
 * usual meanings) and a doubled quote stands for itself.
 */
final class Tokenizer {

  private final String query;
  private int index;

  private Tokenizer(String query) {
    this.query = query;
  }

  /** The tokens of {@code query}, ending with an {@link Kind#END} token. */
  static List<Token> tokenize(String query) throws InvalidQueryException {
    return new Tokenizer(query).run();
  }

  private List<Token> run() throws InvalidQueryException {
    List<Token> tokens = new ArrayList<>();
    while (true) {
      while (index < query.length() && Character.isWhitespace(query.charAt(index))) {
        index++;
      }
      if (index >= query.length()) {
        tokens.add(new Token(Kind.END, "", query.length() + 1));
        return tokens;
      }
      tokens.add(next());
    }
  }

  private Token next() throws InvalidQueryException {
    int start = index;
    char c = query.charAt(index);
    switch (c) {
      case '(':
        index++;
        return new Token(Kind.LEFT_PAREN, "(", start + 1);
      case ')':
        index++;
        return new Token(Kind.RIGHT_PAREN, ")", start + 1);
      case ',':
        index++;
        return new Token(Kind.COMMA, ",", start + 1);
      case '\'':
      case '"':
        return string(c);
      case '`':
        return quotedName();
      case '=':
        index++;
        return new Token(Kind.OPERATOR, "=", start + 1);
      case '!':
        if (peek(1) == '=') {
          index += 2;
          return new Token(Kind.OPERATOR, "!=", start + 1);
        }
        throw new InvalidQueryException("unexpected character '!'", start + 1);
      case '<':
      case '>':
        index++;
        if (peek(0) == '=' || (c == '<' && peek(0) == '>')) {
          index++;
        }
        return new Token(Kind.OPERATOR, query.substring(start, index), start + 1);
      default:
        if (isDigit(c) || ((c == '-' || c == '.') && isDigit(peek(1)))) {
          return number();
        }
        if (Character.isLetter(c) || c == '_') {
          return word();
        }
        throw new InvalidQueryException("unexpected character '" + c + "'", start + 1);
    }
  }

  private Token number() throws InvalidQueryException {
    int start = index;
    if (query.charAt(index) == '-') {
      index++;
    }
    while (index < query.length() && (isDigit(query.charAt(index)) || query.charAt(index) == '.')) {
      index++;
    }
    String text = query.substring(start, index);
    boolean wellFormed = text.matches("-?(\\d+(\\.\\d*)?|\\.\\d+)");
    if (!wellFormed || (index < query.length() && isWordChar(query.charAt(index)))) {
      while (index < query.length() && isWordChar(query.charAt(index))) {
        index++;
      }
      throw new InvalidQueryException("malformed number '" + query.substring(start, index) + "'", start + 1);
    }
    return new Token(Kind.NUMBER, text, start + 1);
  }

  private Token word() {
    int start = index;
    while (index < query.length() && isWordChar(query.charAt(index))) {
      index++;
    }
    return new Token(Kind.WORD, query.substring(start, index), start + 1);
  }

  private Token quotedName() throws InvalidQueryException {
    int start = index;
    int end = query.indexOf('`', start + 1);
    if (end < 0) {
      throw new InvalidQueryException("unterminated back-quoted name", start + 1);
    }
    index = end + 1;
    String name = query.substring(start + 1, end);
    if (name.isEmpty()) {
      throw new InvalidQueryException("empty back-quoted name", start + 1);
    }
    return new Token(Kind.QUOTED_NAME, name, start + 1);
  }

  private Token string(char quote) throws InvalidQueryException {
    int start = index;
    index++;
    StringBuilder text = new StringBuilder();
    while (index < query.length()) {
      char c = query.charAt(index++);
      if (c == quote) {
        if (peek(0) != quote) {
          return new Token(Kind.STRING, text.toString(), start + 1);
        }
        index++;
        text.append(quote);
      } else if (c == '\\' && index < query.length()) {
        char escaped = query.charAt(index++);
        text.append(
            switch (escaped) {
              case 'n' -> '\n';
              case 't' -> '\t';
              case 'r' -> '\r';
              default -> escaped;
            });
      } else {
        text.append(c);
      }
    }
    throw new InvalidQueryException("unterminated string", start + 1);
  }

  private char peek(int offset) {
    int at = index + offset;
    return at < query.length() ? query.charAt(at) : '\0';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
