package dev.conduit.persistence.cassandra.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a CQL file into statements: {@code --} and {@code //} comments are dropped and a statement ends
 * with a semicolon outside quotes.
 */
final class CqlScript {
  private CqlScript() {}

  static List<String> statements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean inSingle = false;
    boolean inDouble = false;
    for (String line : script.split("\n")) {
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (!inSingle && !inDouble && (line.startsWith("--", i) || line.startsWith("//", i))) {
          break;
        }
        if (c == '\'' && !inDouble) {
          inSingle = !inSingle;
        } else if (c == '"' && !inSingle) {
          inDouble = !inDouble;
        }
        if (c == ';' && !inSingle && !inDouble) {
          addIfNotBlank(statements, current);
          current.setLength(0);
        } else {
          current.append(c);
        }
      }
      current.append('\n');
    }
    addIfNotBlank(statements, current);
    return statements;
  }

  private static void addIfNotBlank(List<String> statements, StringBuilder statement) {
    String text = statement.toString().strip().replaceAll("\\s+", " ");
    if (!text.isEmpty()) {
      statements.add(text);
    }
  }
}
