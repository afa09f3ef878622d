package dev.conduit.config.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conduit.config.Durations;
import dev.conduit.config.internal.Scalars;
import java.time.Duration;
import java.util.function.Function;

/**
 * The value type of a dynamic setting and how a YAML value becomes it. Types are strict (a quoted
 * {@code "4"} is not an integer); durations are strings such as {@code 1m} or, as in Temporal, a bare
 * integer meaning seconds.
 */
public final class DynamicType<T> {

  public static final DynamicType<Boolean> BOOLEAN =
      new DynamicType<>("a boolean", Boolean.class, node -> node.isBoolean() ? node.booleanValue() : null);
  public static final DynamicType<Integer> INTEGER = new DynamicType<>("an integer", Integer.class,
      node -> node.isIntegralNumber() && node.canConvertToInt() ? node.intValue() : null);
  public static final DynamicType<Double> DOUBLE =
      new DynamicType<>("a number", Double.class, node -> node.isNumber() ? node.doubleValue() : null);
  public static final DynamicType<String> STRING =
      new DynamicType<>("a string", String.class, node -> node.isTextual() ? node.textValue() : null);
  public static final DynamicType<Duration> DURATION =
      new DynamicType<>("a duration such as 30s", Duration.class, DynamicType::duration);

  private final String description;
  private final Class<T> javaType;
  private final Function<JsonNode, T> converter;

  private DynamicType(String description, Class<T> javaType, Function<JsonNode, T> converter) {
    this.description = description;
    this.javaType = javaType;
    this.converter = converter;
  }

  public Class<T> javaType() {
    return javaType;
  }

  /** Converts a YAML value; throws IllegalArgumentException naming the expected and found kinds. */
  T convert(JsonNode node) {
    T value = converter.apply(node);
    if (value == null) {
      String found = node.isIntegralNumber() && javaType == Integer.class
          ? "an integer out of range" : Scalars.kind(node);
      throw new IllegalArgumentException("expected " + description + " but found " + found);
    }
    return value;
  }

  private static Duration duration(JsonNode node) {
    if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0) {
      return Duration.ofSeconds(node.longValue());
    }
    return node.isTextual() ? Durations.parse(node.textValue()) : null;
  }

  @Override
  public String toString() {
    return javaType.getSimpleName();
  }
}
