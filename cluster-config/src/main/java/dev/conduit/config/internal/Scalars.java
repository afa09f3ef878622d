package dev.conduit.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/**
 * Converts YAML scalars to the types of config keys. YAML types are taken strictly (a quoted
 * {@code "7233"} is not a port), except that a value produced by a {@code ${...}} reference is text by
 * nature and is parsed as the key's type. Messages name the kinds involved, never the value.
 */
public final class Scalars {

  /** Converts one node, throwing IllegalArgumentException with the message for the config error. */
  @FunctionalInterface
  interface Converter<T> {
    T convert(JsonNode node, EnvSubstitution environment);
  }

  private Scalars() {}

  static String text(JsonNode node, EnvSubstitution environment) {
    if (!node.isTextual()) {
      String hint = node.isValueNode() ? " (quote it if it is meant as text)" : "";
      throw new IllegalArgumentException("expected a string but found " + kind(node) + hint);
    }
    return environment.apply(node.textValue());
  }

  static Boolean bool(JsonNode node, EnvSubstitution environment) {
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    String text = fromEnvironment(node, environment, "a boolean (true or false)");
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new IllegalArgumentException("expected true or false from the environment, got '" + text + "'");
  }

  static Integer integer(JsonNode node, EnvSubstitution environment) {
    long value = longValue(node, environment);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(value + " is out of range for this key");
    }
    return (int) value;
  }

  static Long longValue(JsonNode node, EnvSubstitution environment) {
    if (node.isIntegralNumber()) {
      if (!node.canConvertToLong()) {
        throw new IllegalArgumentException("the integer is out of range for this key");
      }
      return node.longValue();
    }
    String text = fromEnvironment(node, environment, "an integer");
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected an integer from the environment, got '" + text + "'");
    }
  }

  /** Text that {@code parser} turns into a value; {@code expected} names the form for type errors. */
  static <T> Converter<T> parsedText(Function<String, T> parser, String expected) {
    return (node, environment) -> {
      if (!node.isTextual()) {
        throw new IllegalArgumentException("expected " + expected + " but found " + kind(node));
      }
      return parser.apply(environment.apply(node.textValue()));
    };
  }

  /** How a node is named in messages; never shows the value, which may be a secret. */
  public static String kind(JsonNode node) {
    if (node.isObject()) {
      return "a mapping";
    } else if (node.isArray()) {
      return "a list";
    } else if (node.isTextual()) {
      return "a string";
    } else if (node.isIntegralNumber()) {
      return "an integer";
    } else if (node.isNumber()) {
      return "a decimal number";
    } else if (node.isBoolean()) {
      return "a boolean";
    }
    return "null";
  }

  private static String fromEnvironment(JsonNode node, EnvSubstitution environment, String expected) {
    if (node.isTextual() && EnvSubstitution.hasReference(node.textValue())) {
      return environment.apply(node.textValue());
    }
    throw new IllegalArgumentException("expected " + expected + " but found " + kind(node));
  }
}
