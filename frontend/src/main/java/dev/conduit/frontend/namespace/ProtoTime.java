package dev.conduit.frontend.namespace;

import com.google.protobuf.Timestamp;
import java.time.Instant;

/** Conversions between {@link Instant} and protobuf timestamps. */
public final class ProtoTime {
  private ProtoTime() {}

  public static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }
}
