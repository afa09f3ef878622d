package dev.conduit.config.internal;

import dev.conduit.config.ConfigError;
import dev.conduit.config.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects config errors in the order found. An error at a path that already failed, or below it, is
 * dropped: a missing section must not also report each of its missing keys, and a value that did not
 * parse must not also fail the range check that runs on its placeholder.
 */
public final class Errors {

  private final List<ConfigError> errors = new ArrayList<>();

  public void add(String path, String message) {
    if (!hasErrorAt(path)) {
      errors.add(new ConfigError(path, message));
    }
  }

  /** True if {@code path} or one of its ancestors already has an error. */
  public boolean hasErrorAt(String path) {
    for (ConfigError error : errors) {
      String failed = error.path();
      if (failed.isEmpty() || path.equals(failed) || path.startsWith(failed + ".")
          || path.startsWith(failed + "[")) {
        return true;
      }
    }
    return false;
  }

  /** True if {@code path} or anything below it has an error. */
  public boolean hasErrorWithin(String path) {
    return errors.stream().anyMatch(e -> e.path().equals(path) || e.path().startsWith(path + ".")
        || e.path().startsWith(path + "["));
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  public List<ConfigError> list() {
    return List.copyOf(errors);
  }

  public void throwIfAny(String source) {
    if (!errors.isEmpty()) {
      throw new ConfigException(source, errors);
    }
  }
}
