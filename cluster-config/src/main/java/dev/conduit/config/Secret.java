package dev.conduit.config;

import java.util.Objects;

/**
 * A password or token from the config. Its {@code toString} is masked so that records holding it can be
 * logged safely; code that needs the value asks for it explicitly with {@link #reveal()}.
 */
public final class Secret {

  private static final Secret EMPTY = new Secret("");

  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  public static Secret of(String value) {
    return value.isEmpty() ? EMPTY : new Secret(value);
  }

  public static Secret empty() {
    return EMPTY;
  }

  public String reveal() {
    return value;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret secret && secret.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** Says only whether a value is set: even the length would leak something. */
  @Override
  public String toString() {
    return value.isEmpty() ? "<unset>" : "****";
  }
}
