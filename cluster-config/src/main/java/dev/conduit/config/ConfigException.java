package dev.conduit.config;

import java.util.List;

/**
 * A config file that cannot be used, with every error found in it (not only the first), so an operator
 * can fix them all in one pass. Not retryable: the same file fails the same way.
 */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final transient List<ConfigError> errors;

  public ConfigException(String source, List<ConfigError> errors) {
    super(format(source, errors));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one error");
    }
    this.source = source;
    this.errors = List.copyOf(errors);
  }

  /** Where the config came from: a file path, or a short description for text given directly. */
  public String source() {
    return source;
  }

  /** The errors in the order they were found, each with its key path. */
  public List<ConfigError> errors() {
    return errors;
  }

  private static String format(String source, List<ConfigError> errors) {
    StringBuilder text = new StringBuilder("Invalid config ").append(source).append(" (")
        .append(errors.size()).append(errors.size() == 1 ? " error)" : " errors)");
    for (ConfigError error : errors) {
      text.append(System.lineSeparator()).append("  - ").append(error);
    }
    return text.toString();
  }
}
