package dev.conduit.persistence.cassandra.execution;

import java.nio.ByteBuffer;

/**
 * The opaque token of a history page: the event id the next page starts with. Callers treat the bytes
 * as opaque; the leading format byte lets the encoding change without misreading old tokens.
 */
record HistoryPageToken(long nextEventId) {
  private static final byte FORMAT = 1;
  private static final int LENGTH = 1 + Long.BYTES;

  HistoryPageToken {
    if (nextEventId < 1) {
      throw new IllegalArgumentException("history page token: event id must be positive, got " + nextEventId);
    }
  }

  byte[] encode() {
    return ByteBuffer.allocate(LENGTH).put(FORMAT).putLong(nextEventId).array();
  }

  /** Decodes a token this class produced; anything else is a caller error. */
  static HistoryPageToken decode(byte[] token) {
    if (token == null || token.length != LENGTH || token[0] != FORMAT) {
      throw new IllegalArgumentException("invalid history page token");
    }
    return new HistoryPageToken(ByteBuffer.wrap(token, 1, Long.BYTES).getLong());
  }
}
