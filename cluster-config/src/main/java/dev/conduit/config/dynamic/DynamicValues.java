package dev.conduit.config.dynamic;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One immutable snapshot of a dynamic config file: for each known key, its values by constraints.
 * Lookups walk the key's {@link DynamicScope} precedence and fall back to the key's default.
 */
public final class DynamicValues implements DynamicConfig {

  static final DynamicValues EMPTY = new DynamicValues(Map.of());

  private final Map<String, Map<Constraints, Object>> values;

  DynamicValues(Map<String, Map<Constraints, Object>> values) {
    Map<String, Map<Constraints, Object>> copy = new LinkedHashMap<>();
    values.forEach((key, byConstraints) ->
        copy.put(key, Collections.unmodifiableMap(new LinkedHashMap<>(byConstraints))));
    this.values = Collections.unmodifiableMap(copy);
  }

  @Override
  public <T> T get(DynamicKey<T> key, Constraints constraints) {
    Map<Constraints, Object> byConstraints = values.get(key.name());
    if (byConstraints == null) {
      return key.defaultValue();
    }
    for (Constraints candidate : key.scope().candidates(constraints)) {
      Object value = byConstraints.get(candidate);
      if (value != null) {
        return key.type().javaType().cast(value);
      }
    }
    return key.defaultValue();
  }

  /** The names of the keys the file sets. */
  public Set<String> keys() {
    return values.keySet();
  }

  /** The names of keys whose values differ between the two snapshots, for listeners. */
  public Set<String> changedKeys(DynamicValues other) {
    Set<String> changed = new HashSet<>();
    Set<String> all = new HashSet<>(values.keySet());
    all.addAll(other.values.keySet());
    for (String key : all) {
      if (!values.getOrDefault(key, Map.of()).equals(other.values.getOrDefault(key, Map.of()))) {
        changed.add(key);
      }
    }
    return Collections.unmodifiableSet(changed);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DynamicValues snapshot && snapshot.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "DynamicValues" + values;
  }
}
