package dev.conduit.config.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conduit.config.Durations;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * A typed dynamic setting: its name in the file, value type, scope, default and documentation, with a
 * check of the value's range, in the manner of Kafka's {@code ConfigDef}. Keys are compared by identity;
 * declare each once, in a registry such as {@link DynamicKeys}.
 */
public final class DynamicKey<T> {

  private final String name;
  private final DynamicType<T> type;
  private final DynamicScope scope;
  private final T defaultValue;
  private final Function<T, String> check;
  private final String doc;

  private DynamicKey(String name, DynamicType<T> type, DynamicScope scope, T defaultValue,
      Function<T, String> check, String doc) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
    this.scope = Objects.requireNonNull(scope, "scope");
    this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
    this.check = Objects.requireNonNull(check, "check");
    this.doc = Objects.requireNonNull(doc, "doc");
    String problem = check.apply(defaultValue);
    if (problem != null) {
      throw new IllegalArgumentException("default of " + name + " fails its own check: " + problem);
    }
  }

  public static DynamicKey<Boolean> ofBoolean(
      String name, DynamicScope scope, boolean defaultValue, String doc) {
    return new DynamicKey<>(name, DynamicType.BOOLEAN, scope, defaultValue, value -> null, doc);
  }

  /** An integer setting whose values must be at least {@code min}. */
  public static DynamicKey<Integer> ofInt(
      String name, DynamicScope scope, int defaultValue, int min, String doc) {
    return new DynamicKey<>(name, DynamicType.INTEGER, scope, defaultValue,
        value -> value < min ? "must be at least " + min + ", was " + value : null, doc);
  }

  public static DynamicKey<Double> ofDouble(
      String name, DynamicScope scope, double defaultValue, double min, String doc) {
    return new DynamicKey<>(name, DynamicType.DOUBLE, scope, defaultValue,
        value -> value < min ? "must be at least " + min + ", was " + value : null, doc);
  }

  public static DynamicKey<String> ofString(
      String name, DynamicScope scope, String defaultValue, String doc) {
    return new DynamicKey<>(name, DynamicType.STRING, scope, defaultValue, value -> null, doc);
  }

  /** A duration setting whose values must be at least {@code min}. */
  public static DynamicKey<Duration> ofDuration(
      String name, DynamicScope scope, Duration defaultValue, Duration min, String doc) {
    return new DynamicKey<>(name, DynamicType.DURATION, scope, defaultValue,
        value -> value.compareTo(min) < 0
            ? "must be at least " + Durations.format(min) + ", was " + Durations.format(value) : null,
        doc);
  }

  public String name() {
    return name;
  }

  public DynamicType<T> type() {
    return type;
  }

  public DynamicScope scope() {
    return scope;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public String doc() {
    return doc;
  }

  /** Converts and checks a file value; throws IllegalArgumentException with the reason. */
  T parse(JsonNode node) {
    T value = type.convert(node);
    String problem = check.apply(value);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return value;
  }

  @Override
  public String toString() {
    return name + " (" + type + ", " + scope.name().toLowerCase(Locale.ROOT) + ", default "
        + defaultValue + ")";
  }
}
