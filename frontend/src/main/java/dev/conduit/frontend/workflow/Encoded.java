package dev.conduit.frontend.workflow;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;

/**
 * Public Temporal messages travel through the internal APIs as encoded bytes; this reads them back. Bytes
 * that do not parse are a fault between our own services, hence an internal error.
 */
public final class Encoded {
  private Encoded() {}

  public static <T> T parse(Parser<T> parser, ByteString bytes, String from) {
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(from + " answered bytes that do not parse: " + e.getMessage(), e);
    }
  }
}
