package dev.conduit.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conduit.config.Durations;
import dev.conduit.config.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One YAML mapping of the config file, read by key. Every getter records the key as known (for the
 * unknown-key check) and reports problems under the key's full path instead of throwing, returning a
 * placeholder so that reading goes on and all errors are found in one pass.
 */
public final class Section {

  private final ReadContext context;
  private final String path;
  private final ObjectNode node;
  private final Set<String> keysRead = new LinkedHashSet<>();

  Section(ReadContext context, String path, ObjectNode node) {
    this.context = context;
    this.path = path;
    this.node = node;
  }

  public String path() {
    return path;
  }

  public String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public Errors errors() {
    return context.errors();
  }

  /** True if the key is present with a non-null value. Does not count as reading it. */
  public boolean has(String key) {
    JsonNode value = node.get(key);
    return value != null && !value.isNull();
  }

  /** A mapping that must be present; when missing or not a mapping, an empty placeholder. */
  public Section section(String key) {
    JsonNode value = take(key);
    if (value == null) {
      context.errors().add(path(key), "is required");
    }
    return asSection(path(key), value);
  }

  /** A mapping that may be absent, in which case every key in it takes its default. */
  public Section sectionOrEmpty(String key) {
    return asSection(path(key), take(key));
  }

  public Optional<Section> optionalSection(String key) {
    JsonNode value = take(key);
    return value == null ? Optional.empty() : Optional.of(asSection(path(key), value));
  }

  /** A mapping from names (cluster names, store names...) to mappings, in file order. */
  public Map<String, Section> namedSections(String key) {
    JsonNode value = take(key);
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof ObjectNode mapping)) {
      context.errors().add(
          path(key), "expected a mapping of names to sections but found " + Scalars.kind(value));
      return Map.of();
    }
    Map<String, Section> entries = new LinkedHashMap<>();
    mapping.properties().forEach(entry ->
        entries.put(entry.getKey(), asSection(path(key) + "." + entry.getKey(), entry.getValue())));
    return Collections.unmodifiableMap(entries);
  }

  /** A required, non-empty string; "" when missing. */
  public String string(String key) {
    String value = read(key, Scalars::text, null);
    if (value == null || value.isEmpty()) {
      missing(key);
      return "";
    }
    return value;
  }

  public String string(String key, String defaultValue) {
    return read(key, Scalars::text, defaultValue);
  }

  public Optional<String> optionalString(String key) {
    return Optional.ofNullable(read(key, Scalars::text, null)).filter(s -> !s.isEmpty());
  }

  /** A password or token: read like a string, then kept masked. */
  public Secret secret(String key) {
    return Secret.of(read(key, Scalars::text, ""));
  }

  public boolean bool(String key, boolean defaultValue) {
    return read(key, Scalars::bool, defaultValue);
  }

  public int integer(String key, int defaultValue) {
    return read(key, Scalars::integer, defaultValue);
  }

  /** A required integer; 0 when missing (an error at this path hides later checks of it). */
  public int integer(String key) {
    Integer value = read(key, Scalars::integer, null);
    return value == null ? missing(key, 0) : value;
  }

  public long longValue(String key) {
    Long value = read(key, Scalars::longValue, null);
    return value == null ? missing(key, 0L) : value;
  }

  public Duration duration(String key, Duration defaultValue) {
    return read(key, Scalars.parsedText(Durations::parse, "a duration such as 30s"), defaultValue);
  }

  /** A string turned into a value by {@code parser}, whose IllegalArgumentException is the error. */
  public <T> T parsed(String key, Function<String, T> parser, T defaultValue) {
    return read(key, Scalars.parsedText(parser, "a string"), defaultValue);
  }

  /** Like {@link #parsed} with no default; an empty string counts as absent. */
  public <T> Optional<T> optionalParsed(String key, Function<String, T> parser) {
    return Optional.ofNullable(parsed(key, text -> text.isEmpty() ? null : parser.apply(text), null));
  }

  public <T> T requiredParsed(String key, Function<String, T> parser, T placeholder) {
    T value = read(key, Scalars.parsedText(parser, "a string"), null);
    return value == null ? missing(key, placeholder) : value;
  }

  /** A list of strings, each parsed; items are reported as {@code key[index]}. */
  public <T> List<T> list(String key, Function<String, T> parser) {
    JsonNode value = take(key);
    if (value == null) {
      return List.of();
    }
    if (!value.isArray()) {
      context.errors().add(path(key), "expected a list but found " + Scalars.kind(value));
      return List.of();
    }
    List<T> items = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      T item = convert(path(key) + "[" + i + "]", value.get(i), Scalars.parsedText(parser, "a string"));
      if (item != null) {
        items.add(item);
      }
    }
    return List.copyOf(items);
  }

  /** A mapping of plain string values, such as metric tags. */
  public Map<String, String> stringMap(String key) {
    JsonNode value = take(key);
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof ObjectNode mapping)) {
      context.errors().add(path(key), "expected a mapping but found " + Scalars.kind(value));
      return Map.of();
    }
    Map<String, String> entries = new LinkedHashMap<>();
    mapping.properties().forEach(entry -> {
      String text = convert(path(key) + "." + entry.getKey(), entry.getValue(), Scalars::text);
      if (text != null) {
        entries.put(entry.getKey(), text);
      }
    });
    return Collections.unmodifiableMap(entries);
  }

  /** Reports an error at the path of {@code key} in this mapping. */
  public void error(String key, String message) {
    context.errors().add(path(key), message);
  }

  ObjectNode node() {
    return node;
  }

  Set<String> keysRead() {
    return keysRead;
  }

  private <T> T read(String key, Scalars.Converter<T> converter, T defaultValue) {
    JsonNode value = take(key);
    if (value == null) {
      return defaultValue;
    }
    T converted = convert(path(key), value, converter);
    return converted == null ? defaultValue : converted;
  }

  private <T> T convert(String valuePath, JsonNode value, Scalars.Converter<T> converter) {
    try {
      return converter.convert(value, context.environment());
    } catch (IllegalArgumentException e) {
      context.errors().add(valuePath, e.getMessage());
      return null;
    }
  }

  private JsonNode take(String key) {
    keysRead.add(key);
    JsonNode value = node.get(key);
    return value == null || value.isNull() ? null : value;
  }

  private void missing(String key) {
    boolean present = node.has(key) && !node.get(key).isNull();
    context.errors().add(path(key), present ? "must not be empty" : "is required");
  }

  private <T> T missing(String key, T placeholder) {
    missing(key);
    return placeholder;
  }

  private Section asSection(String sectionPath, JsonNode value) {
    if (value != null && !(value instanceof ObjectNode)) {
      context.errors().add(sectionPath, "expected a mapping but found " + Scalars.kind(value));
    }
    ObjectNode mapping = value instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
    return context.newSection(sectionPath, mapping);
  }
}
