package dev.conduit.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/**
 * Parses durations written the way Temporal's YAML files write them: a sequence of numbers with units,
 * such as {@code 30s}, {@code 1m}, {@code 500ms}, {@code 1h30m} or {@code 1.5s}. Units are {@code ns},
 * {@code us} (or {@code µs}), {@code ms}, {@code s}, {@code m}, {@code h} and {@code d}; a bare {@code 0}
 * is zero. Negative durations are rejected: no setting of ours means anything with one.
 */
public final class Durations {

  private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
      "ns", 1L,
      "us", 1_000L,
      "µs", 1_000L,
      "ms", 1_000_000L,
      "s", 1_000_000_000L,
      "m", 60_000_000_000L,
      "h", 3_600_000_000_000L,
      "d", 86_400_000_000_000L);

  private Durations() {}

  /** Parses {@code text}; throws IllegalArgumentException with a message fit for a config error. */
  public static Duration parse(String text) {
    String s = text.trim();
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.startsWith("-")) {
      throw new IllegalArgumentException("duration '" + text + "' must not be negative");
    }
    if (s.startsWith("+")) {
      s = s.substring(1);
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("duration is empty, expected e.g. 30s, 1m or 500ms");
    }
    BigDecimal nanos = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int numberStart = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String number = s.substring(numberStart, unitStart);
      String unit = s.substring(unitStart, i);
      if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
        throw bad(text);
      }
      if (unit.isEmpty()) {
        throw new IllegalArgumentException(
            "duration '" + text + "' needs a unit (ns, us, ms, s, m, h, d), e.g. " + number + "s");
      }
      Long perUnit = NANOS_PER_UNIT.get(unit);
      if (perUnit == null) {
        throw new IllegalArgumentException("duration '" + text + "' has unknown unit '" + unit
            + "' (use ns, us, ms, s, m, h or d)");
      }
      nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(perUnit)));
    }
    try {
      return Duration.ofNanos(nanos.longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("duration '" + text + "' is too long or not whole nanoseconds");
    }
  }

  /** Writes a duration back in the config syntax, e.g. {@code 1m30s}, for messages and docs. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    if (duration.toNanosPart() % 1_000_000 != 0 || duration.compareTo(Duration.ofSeconds(1)) < 0) {
      return duration.toNanosPart() % 1_000_000 == 0 ? duration.toMillis() + "ms" : duration.toNanos() + "ns";
    }
    StringBuilder text = new StringBuilder();
    if (duration.toHours() > 0) {
      text.append(duration.toHours()).append('h');
    }
    if (duration.toMinutesPart() > 0) {
      text.append(duration.toMinutesPart()).append('m');
    }
    if (duration.toSecondsPart() > 0) {
      text.append(duration.toSecondsPart()).append('s');
    }
    if (duration.toMillisPart() > 0) {
      text.append(duration.toMillisPart()).append("ms");
    }
    return text.toString();
  }

  private static IllegalArgumentException bad(String text) {
    return new IllegalArgumentException(
        "'" + text + "' is not a duration, expected e.g. 30s, 1m, 500ms or 1h30m");
  }
}
