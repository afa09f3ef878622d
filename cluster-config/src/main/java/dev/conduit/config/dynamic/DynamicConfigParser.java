package dev.conduit.config.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conduit.config.ConfigException;
import dev.conduit.config.internal.Errors;
import dev.conduit.config.internal.Scalars;
import dev.conduit.config.internal.YamlReader;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Parses a dynamic config file in Temporal's format: each key maps to a list of entries, each a
 * {@code value} with optional {@code constraints}. A key not in the registry rejects the file, naming the
 * key (Temporal ignores such keys; here a setting is honoured or refused, never dropped); a Temporal
 * setting Conduit does not implement says so. A known key with a value of the wrong type or out of range,
 * constraints its scope can never match, or the same constraints twice, rejects the whole file: a
 * half-applied file would be harder to reason about than the previous one.
 */
public final class DynamicConfigParser {

  /** The parsed snapshot. */
  public record Result(DynamicValues values) {}

  private final Map<String, DynamicKey<?>> keysByLowerCaseName;

  public DynamicConfigParser(Collection<DynamicKey<?>> keys) {
    this.keysByLowerCaseName = keys.stream().collect(Collectors.toUnmodifiableMap(
        key -> key.name().toLowerCase(Locale.ROOT), Function.identity()));
  }

  /** A parser that knows the keys of {@link DynamicKeys}. */
  public static DynamicConfigParser withStandardKeys() {
    return new DynamicConfigParser(DynamicKeys.all());
  }

  /**
   * @throws ConfigException naming, for each bad entry, the key, the entry's index and its constraints
   */
  public Result parse(String yaml, String source) {
    Errors errors = new Errors();
    JsonNode document = YamlReader.read(yaml, errors).orElse(null);
    errors.throwIfAny(source);
    Map<String, Map<Constraints, Object>> values = new LinkedHashMap<>();
    if (document instanceof ObjectNode mapping) {
      mapping.properties().forEach(entry -> {
        DynamicKey<?> key = keysByLowerCaseName.get(entry.getKey().toLowerCase(Locale.ROOT));
        if (key == null) {
          errors.add(entry.getKey(), DynamicKeys.notImplemented(entry.getKey())
              .map(why -> "is a Temporal setting Conduit does not implement (" + why + "); remove it")
              .orElse("is not a dynamic config key Conduit knows; the keys are listed in cluster-config/README.md"));
        } else if (values.containsKey(key.name())) {
          errors.add(entry.getKey(),
              "sets " + key.name() + " a second time (names are not case-sensitive)");
        } else {
          values.put(key.name(), entries(entry.getKey(), key, entry.getValue(), errors));
        }
      });
    } else if (document != null && !document.isMissingNode() && !document.isNull()) {
      errors.add("", "a dynamic config file must be a mapping of setting names, but found "
          + Scalars.kind(document));
    }
    errors.throwIfAny(source);
    return new Result(new DynamicValues(values));
  }

  private static Map<Constraints, Object> entries(
      String name, DynamicKey<?> key, JsonNode list, Errors errors) {
    Map<Constraints, Object> byConstraints = new LinkedHashMap<>();
    if (list.isNull()) {
      return byConstraints;
    }
    if (!list.isArray()) {
      errors.add(name, "expected a list of entries with value and constraints, but found "
          + Scalars.kind(list));
      return byConstraints;
    }
    for (int i = 0; i < list.size(); i++) {
      String path = name + "[" + i + "]";
      JsonNode entry = list.get(i);
      if (!(entry instanceof ObjectNode fields)) {
        errors.add(path, "expected a mapping with value and constraints, but found "
            + Scalars.kind(entry));
        continue;
      }
      fields.fieldNames().forEachRemaining(field -> {
        if (!field.equals("value") && !field.equals("constraints")) {
          errors.add(path + "." + field, "unknown key; an entry has only value and constraints");
        }
      });
      Optional<Constraints> constraints =
          ConstraintsReader.read(path + ".constraints", fields.get("constraints"), errors);
      if (constraints.isEmpty()) {
        continue;
      }
      if (!key.scope().accepts(constraints.get())) {
        errors.add(path + ".constraints", constraints.get() + " can never apply to " + key.name()
            + ", which varies by " + key.scope().describe());
        continue;
      }
      JsonNode value = fields.get("value");
      if (value == null || value.isNull()) {
        errors.add(path + ".value", "is required (constraints " + constraints.get() + ")");
        continue;
      }
      try {
        Object parsed = key.parse(value);
        if (byConstraints.putIfAbsent(constraints.get(), parsed) != null) {
          errors.add(path + ".constraints", "repeats constraints " + constraints.get()
              + " of an earlier entry of " + key.name());
        }
      } catch (IllegalArgumentException e) {
        errors.add(path + ".value", e.getMessage() + " for " + key.name() + " (constraints "
            + constraints.get() + ")");
      }
    }
    return byConstraints;
  }
}
