package dev.conduit.history.util;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import java.time.Instant;

/** Conversions between java.time and protobuf time types, with the "unset means none" rule of Temporal. */
public final class ProtoTime {
  private ProtoTime() {}

  public static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }

  public static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  /** Null when the timestamp is the default (unset) value. */
  public static Instant instantOrNull(Timestamp timestamp) {
    if (timestamp.getSeconds() == 0 && timestamp.getNanos() == 0) {
      return null;
    }
    return instant(timestamp);
  }

  public static Duration duration(java.time.Duration duration) {
    return Duration.newBuilder().setSeconds(duration.getSeconds()).setNanos(duration.getNano()).build();
  }

  public static java.time.Duration duration(Duration duration) {
    return java.time.Duration.ofSeconds(duration.getSeconds(), duration.getNanos());
  }

  public static boolean isPositive(Duration duration) {
    return duration.getSeconds() > 0 || (duration.getSeconds() == 0 && duration.getNanos() > 0);
  }

  public static boolean isNegative(Duration duration) {
    return duration.getSeconds() < 0 || duration.getNanos() < 0;
  }

  public static Duration min(Duration a, Duration b) {
    return duration(a).compareTo(duration(b)) <= 0 ? a : b;
  }

  /**
   * Rounds up to the next whole millisecond: Cassandra keeps timestamps in milliseconds, and a timer
   * stored a fraction early would fire before the deadline it stands for.
   */
  public static Instant ceilMillis(Instant instant) {
    Instant truncated = instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    return truncated.equals(instant) ? instant : truncated.plusMillis(1);
  }
}
