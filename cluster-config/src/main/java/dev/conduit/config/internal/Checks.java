package dev.conduit.config.internal;

import dev.conduit.config.Durations;
import dev.conduit.config.HostPort;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Value checks shared by the section readers; each reports under the key's path and returns the value. */
final class Checks {

  /** Stands in for an address that failed to parse; the error already recorded keeps it from escaping. */
  static final HostPort PLACEHOLDER_ADDRESS = new HostPort("invalid", 1);

  private Checks() {}

  /** A required port in 1..65535. */
  /**
   * Rejects {@code key} when present: Conduit parses it (Temporal's files have it) but nothing would act on
   * it, and a setting silently dropped is worse than one refused. {@code why} says what is missing.
   */
  static void notImplemented(Section section, String key, String why) {
    if (section.has(key)) {
      section.error(key, "is not implemented by Conduit (" + why + "); remove it");
    }
  }

  static int port(Section section, String key) {
    return port(section, key, section.integer(key));
  }

  static int port(Section section, String key, int value) {
    if (value < 1 || value > 65535) {
      section.error(key, "port " + value + " is not in 1..65535");
    }
    return value;
  }

  static long atLeast(Section section, String key, long value, long min) {
    if (value < min) {
      section.error(key, "must be at least " + min + ", was " + value);
    }
    return value;
  }

  static Duration atLeast(Section section, String key, Duration value, Duration min) {
    if (value.compareTo(min) < 0) {
      section.error(key, "must be at least " + Durations.format(min) + ", was " + Durations.format(value));
    }
    return value;
  }

  static Duration positive(Section section, String key, Duration value) {
    if (value.isZero()) {
      section.error(key, "must be longer than 0");
    }
    return value;
  }

  /** An optional IP literal (not a name: binding and broadcasting need an address). */
  static Optional<String> ipAddress(Section section, String key) {
    Optional<String> value = section.optionalString(key);
    value.ifPresent(ip -> {
      if (!Addresses.isIpLiteral(ip)) {
        section.error(key, "'" + ip + "' is not a valid IPv4 or IPv6 address");
      }
    });
    return value;
  }

  /** One of an enum's values, written in the file by {@code nameOf}; {@code defaultValue} when absent. */
  static <E extends Enum<E>> E choice(Section section, String key, E[] values, Function<E, String> nameOf,
      E defaultValue) {
    return section.parsed(key, text -> Arrays.stream(values)
        .filter(value -> nameOf.apply(value).equals(text))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not one of "
            + Arrays.stream(values).map(nameOf).collect(Collectors.joining(", ")))), defaultValue);
  }
}
