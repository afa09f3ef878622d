package dev.conduit.config.dynamic;

/**
 * Read access to runtime settings. Callers ask on every use rather than caching, so a changed file
 * takes effect without a restart.
 */
public interface DynamicConfig {

  /** The value for a caller described by {@code constraints}: the most specific match, else the default. */
  <T> T get(DynamicKey<T> key, Constraints constraints);

  /** The unconstrained value, for global settings. */
  default <T> T get(DynamicKey<T> key) {
    return get(key, Constraints.NONE);
  }

  default <T> T getForNamespace(DynamicKey<T> key, String namespace) {
    return get(key, Constraints.namespace(namespace));
  }

  /** Every setting at its default: for nodes without a dynamic config file, and for tests. */
  static DynamicConfig defaults() {
    return DynamicValues.EMPTY;
  }
}
