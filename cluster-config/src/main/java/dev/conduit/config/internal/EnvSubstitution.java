package dev.conduit.config.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in config values with environment variables,
 * so secrets stay out of the file. As in a POSIX shell, the default applies when the variable is unset
 * or empty; {@code $${} writes a literal {@code ${}.
 */
public final class EnvSubstitution {

  private final Map<String, String> environment;

  public EnvSubstitution(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** True if the text holds a reference, so that the loader knows the value came from the environment. */
  public static boolean hasReference(String text) {
    return text.contains("${");
  }

  /**
   * Returns the text with every reference replaced; throws IllegalArgumentException naming each unset
   * variable (never a value: the value may be a secret).
   */
  public String apply(String text) {
    if (!hasReference(text)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    List<String> unset = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int close = text.indexOf('}', i + 2);
        if (close < 0) {
          throw new IllegalArgumentException("unterminated '${' in value; write $${ for a literal ${");
        }
        substitute(text.substring(i + 2, close), out, unset);
        i = close + 1;
      } else {
        out.append(text.charAt(i++));
      }
    }
    if (!unset.isEmpty()) {
      throw new IllegalArgumentException(describeUnset(unset));
    }
    return out.toString();
  }

  private void substitute(String reference, StringBuilder out, List<String> unset) {
    int separator = reference.indexOf(":-");
    String name = separator < 0 ? reference : reference.substring(0, separator);
    if (!isValidName(name)) {
      throw new IllegalArgumentException("'${" + reference + "}' does not name an environment variable"
          + " (letters, digits and '_', not starting with a digit)");
    }
    String value = environment.get(name);
    if (value == null || value.isEmpty()) {
      if (separator >= 0) {
        value = reference.substring(separator + 2);
      } else if (value == null) {
        unset.add(name);
        value = "";
      }
    }
    out.append(value);
  }

  private static String describeUnset(List<String> names) {
    if (names.size() == 1) {
      return "environment variable " + names.get(0) + " is not set (referenced as ${" + names.get(0)
          + "}); set it or give a default with ${" + names.get(0) + ":-value}";
    }
    return "environment variables " + String.join(", ", names) + " are not set";
  }

  private static boolean isValidName(String name) {
    if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
      return false;
    }
    return name.chars().allMatch(c -> c == '_' || (c < 128 && Character.isLetterOrDigit(c)));
  }
}
