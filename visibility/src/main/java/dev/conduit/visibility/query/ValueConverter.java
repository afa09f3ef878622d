package dev.conduit.visibility.query;

import dev.conduit.visibility.query.Token.Kind;
import io.temporal.api.enums.v1.IndexedValueType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts a literal of a query into the value stored in Elasticsearch for an attribute of a given type: a
 * {@link String} for keyword, text and date-time attributes, a {@link Long} for integers, a {@link Double} for
 * doubles and a {@link Boolean} for booleans.
 */
final class ValueConverter {

  /** The values ExecutionStatus is stored as. */
  private static final List<String> EXECUTION_STATUSES =
      List.of("Running", "Completed", "Failed", "Canceled", "Terminated", "ContinuedAsNew", "TimedOut", "Paused");

  private static final String EXECUTION_STATUS = "ExecutionStatus";
  private static final String EXECUTION_DURATION = "ExecutionDuration";

  private static final Pattern RFC_3339 =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");
  private static final Pattern INTEGER = Pattern.compile("-?\\d+");
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h|d)");
  private static final Pattern HH_MM_SS = Pattern.compile("(\\d+):(\\d{2}):(\\d{2})");
  private static final Map<String, Long> NANOS_PER_UNIT =
      Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L,
          "m", 60_000_000_000L, "h", 3_600_000_000_000L, "d", 86_400_000_000_000L);
  private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger MIN_LONG = BigInteger.valueOf(Long.MIN_VALUE);

  private ValueConverter() {}

  /**
   * The Elasticsearch value of {@code literal} for attribute {@code name} of type {@code type}.
   *
   * @param type a type other than UNSPECIFIED and UNRECOGNIZED
   * @throws InvalidQueryException if the literal is not a value of that type
   */
  static Object convert(String name, IndexedValueType type, Token literal) throws InvalidQueryException {
    if (name.equals(EXECUTION_STATUS)) {
      return executionStatus(literal);
    }
    if (name.equals(EXECUTION_DURATION)) {
      return executionDuration(literal);
    }
    return switch (type) {
      case INDEXED_VALUE_TYPE_KEYWORD, INDEXED_VALUE_TYPE_KEYWORD_LIST, INDEXED_VALUE_TYPE_TEXT ->
          string(name, type, literal);
      case INDEXED_VALUE_TYPE_INT -> integer(name, type, literal);
      case INDEXED_VALUE_TYPE_DOUBLE -> decimal(name, type, literal);
      case INDEXED_VALUE_TYPE_BOOL -> bool(name, type, literal);
      case INDEXED_VALUE_TYPE_DATETIME -> dateTime(name, type, literal);
      default -> throw new IllegalArgumentException("unsupported type " + type);
    };
  }

  /** The type's name as in messages: {@code Keyword}, {@code KeywordList}, {@code Int}, ... */
  static String typeName(IndexedValueType type) {
    return switch (type) {
      case INDEXED_VALUE_TYPE_TEXT -> "Text";
      case INDEXED_VALUE_TYPE_KEYWORD -> "Keyword";
      case INDEXED_VALUE_TYPE_KEYWORD_LIST -> "KeywordList";
      case INDEXED_VALUE_TYPE_INT -> "Int";
      case INDEXED_VALUE_TYPE_DOUBLE -> "Double";
      case INDEXED_VALUE_TYPE_BOOL -> "Bool";
      case INDEXED_VALUE_TYPE_DATETIME -> "Datetime";
      default -> type.name();
    };
  }

  private static String string(String name, IndexedValueType type, Token literal) throws InvalidQueryException {
    if (literal.kind() != Kind.STRING) {
      throw wrongType(name, type, literal, "a quoted string");
    }
    if (type == IndexedValueType.INDEXED_VALUE_TYPE_TEXT && literal.text().isBlank()) {
      throw new InvalidQueryException("no words to match in the value of Text attribute '" + name + "'",
          literal.position());
    }
    return literal.text();
  }

  private static long integer(String name, IndexedValueType type, Token literal) throws InvalidQueryException {
    if (literal.kind() == Kind.NUMBER && INTEGER.matcher(literal.text()).matches()) {
      BigInteger value = new BigInteger(literal.text());
      if (value.compareTo(MAX_LONG) <= 0 && value.compareTo(MIN_LONG) >= 0) {
        return value.longValue();
      }
      throw new InvalidQueryException(
          "value " + literal.text() + " of Int attribute '" + name + "' is out of range", literal.position());
    }
    throw wrongType(name, type, literal, "an integer");
  }

  private static double decimal(String name, IndexedValueType type, Token literal) throws InvalidQueryException {
    if (literal.kind() != Kind.NUMBER) {
      throw wrongType(name, type, literal, "a number");
    }
    double value = Double.parseDouble(literal.text());
    if (Double.isInfinite(value)) {
      throw new InvalidQueryException(
          "value " + literal.text() + " of Double attribute '" + name + "' is out of range", literal.position());
    }
    return value;
  }

  private static boolean bool(String name, IndexedValueType type, Token literal) throws InvalidQueryException {
    if (literal.isKeyword("true") || literal.isKeyword("false")) {
      return literal.isKeyword("true");
    }
    throw wrongType(name, type, literal, "true or false");
  }

  /** The earliest and latest time a Datetime attribute can hold (Elasticsearch's date_nanos). */
  static final Instant EARLIEST = Instant.EPOCH;
  static final Instant LATEST = Instant.parse("2262-04-11T23:47:16.854775807Z");

  /**
   * {@code time} moved into the range a Datetime attribute can hold: no stored time lies outside it, so a bound
   * beyond it (a user's {@code CloseTime < '9999-12-31T00:00:00Z'}) means the same as the range's end, and
   * Elasticsearch would refuse the query instead of answering it.
   */
  static Instant storable(Instant time) {
    return time.isBefore(EARLIEST) ? EARLIEST : time.isAfter(LATEST) ? LATEST : time;
  }

  private static String dateTime(String name, IndexedValueType type, Token literal) throws InvalidQueryException {
    if (literal.kind() == Kind.NUMBER && INTEGER.matcher(literal.text()).matches()) {
      long nanos = integer(name, type, literal);
      return DateTimeFormatter.ISO_INSTANT.format(storable(
          Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))));
    }
    if (literal.kind() == Kind.STRING && RFC_3339.matcher(literal.text()).matches()) {
      try {
        OffsetDateTime time =
            OffsetDateTime.parse(literal.text().toUpperCase(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        return DateTimeFormatter.ISO_INSTANT.format(storable(time.toInstant()));
      } catch (DateTimeParseException e) {
        throw new InvalidQueryException(
            "invalid date-time " + literal.describe() + " for Datetime attribute '" + name + "'", literal.position());
      }
    }
    throw wrongType(name, type, literal,
        "an RFC 3339 date-time string (e.g. '2026-12-05T10:00:00Z') or epoch nanoseconds");
  }

  private static String executionStatus(Token literal) throws InvalidQueryException {
    if (literal.kind() == Kind.STRING) {
      for (String status : EXECUTION_STATUSES) {
        if (status.equals(literal.text()) || fullStatusName(status).equals(literal.text())) {
          return status;
        }
      }
    } else if (literal.kind() == Kind.NUMBER && literal.text().matches("[1-9]")) {
      int code = Integer.parseInt(literal.text());
      if (code <= EXECUTION_STATUSES.size()) {
        return EXECUTION_STATUSES.get(code - 1);
      }
    }
    throw new InvalidQueryException(
        "invalid ExecutionStatus value " + literal.describe() + ", expected one of "
            + String.join(", ", EXECUTION_STATUSES),
        literal.position());
  }

  /** {@code ContinuedAsNew} -> {@code WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW}. */
  private static String fullStatusName(String status) {
    return "WORKFLOW_EXECUTION_STATUS_" + status.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase();
  }

  private static long executionDuration(Token literal) throws InvalidQueryException {
    IndexedValueType type = IndexedValueType.INDEXED_VALUE_TYPE_INT;
    if (literal.kind() == Kind.NUMBER && INTEGER.matcher(literal.text()).matches()) {
      return integer(EXECUTION_DURATION, type, literal);
    }
    if (literal.kind() == Kind.STRING) {
      Long nanos = durationNanos(literal.text());
      if (nanos != null) {
        return nanos;
      }
    }
    throw wrongType(EXECUTION_DURATION, type, literal,
        "nanoseconds, a duration such as '1h30m', '10s', '500ms' or '2d', or 'hh:mm:ss'");
  }

  /** Nanoseconds as an integer, a Go duration or {@code hh:mm:ss}, in nanoseconds; null if malformed or too large. */
  private static Long durationNanos(String text) {
    if (INTEGER.matcher(text).matches()) {
      return toLong(new BigDecimal(text));
    }
    Matcher clock = HH_MM_SS.matcher(text);
    if (clock.matches()) {
      int minutes = Integer.parseInt(clock.group(2));
      int seconds = Integer.parseInt(clock.group(3));
      if (minutes >= 60 || seconds >= 60) {
        return null;
      }
      BigDecimal totalSeconds = new BigDecimal(clock.group(1)).multiply(BigDecimal.valueOf(3600))
          .add(BigDecimal.valueOf(minutes * 60L + seconds));
      return toLong(totalSeconds.multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get("s"))));
    }
    return goDuration(text);
  }

  /** Parses a Go duration ({@code 1h30m}, {@code -1.5s}, {@code 0}), with {@code d} for days, into nanoseconds. */
  private static Long goDuration(String text) {
    boolean negative = text.startsWith("-");
    String body = negative || text.startsWith("+") ? text.substring(1) : text;
    if (body.equals("0")) {
      return 0L;
    }
    Matcher part = DURATION_PART.matcher(body);
    BigDecimal total = BigDecimal.ZERO;
    int end = 0;
    while (part.find() && part.start() == end) {
      total = total.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(part.group(2)))));
      end = part.end();
    }
    if (end == 0 || end != body.length()) {
      return null;
    }
    return toLong(negative ? total.negate() : total);
  }

  /** The whole part of {@code value} (rounded toward zero), or null if it does not fit a long. */
  private static Long toLong(BigDecimal value) {
    BigInteger whole = value.toBigInteger();
    return whole.compareTo(MAX_LONG) <= 0 && whole.compareTo(MIN_LONG) >= 0 ? whole.longValue() : null;
  }

  private static InvalidQueryException wrongType(String name, IndexedValueType type, Token literal, String expected) {
    return new InvalidQueryException(
        "invalid value " + literal.describe() + " for " + typeName(type) + " attribute '" + name + "': expected "
            + expected,
        literal.position());
  }
}
