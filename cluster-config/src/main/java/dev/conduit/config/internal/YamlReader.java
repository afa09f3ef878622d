package dev.conduit.config.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into a tree. Duplicate keys are errors (a second {@code grpcPort} silently winning
 * hides mistakes), and tabs used as spacing before a value or comment are accepted as Go's YAML
 * parser accepts them, so files written for Temporal load; tabs in indentation stay errors.
 */
public final class YamlReader {

  private static final YAMLMapper MAPPER = YAMLMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  private YamlReader() {}

  /** The document tree, or empty after reporting the syntax error (with line and column) to errors. */
  public static Optional<JsonNode> read(String text, Errors errors) {
    try {
      return Optional.of(MAPPER.readTree(normalizeInlineTabs(text)));
    } catch (JsonProcessingException e) {
      errors.add("", describe(e));
      return Optional.empty();
    }
  }

  /**
   * Turns tabs after the indentation and outside quotes into spaces. Columns and lines are kept, so
   * positions in syntax errors still match the file.
   */
  static String normalizeInlineTabs(String text) {
    if (text.indexOf('\t') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    boolean indentation = true;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        indentation = true;
        quote = 0;
      } else if (indentation && c != ' ' && c != '\t') {
        indentation = false;
      }
      if (!indentation && quote == 0 && (c == '"' || c == '\'')) {
        quote = c;
      } else if (quote != 0 && c == quote) {
        quote = 0;
      } else if (quote == 0 && c == '#') {
        out.append(text, i, skipToLineEnd(text, i));
        i = skipToLineEnd(text, i) - 1;
        continue;
      }
      out.append(c == '\t' && !indentation && quote == 0 ? ' ' : c);
    }
    return out.toString();
  }

  private static int skipToLineEnd(String text, int from) {
    int end = text.indexOf('\n', from);
    return end < 0 ? text.length() : end;
  }

  /** SnakeYAML's own mark points at the offending character; Jackson's location trails behind it. */
  private static String describe(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
      Mark mark = marked.getProblemMark();
      return "not valid YAML at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": "
          + marked.getProblem();
    }
    return "not valid YAML" + where(e.getLocation()) + ": " + e.getOriginalMessage().strip();
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }
}
