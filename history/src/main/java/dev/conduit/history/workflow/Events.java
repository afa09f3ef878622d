package dev.conduit.history.workflow;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.List;

/** Encoding of history events as history stores them (one {@code History} message per batch). */
public final class Events {
  private Events() {}

  public static HistoryEvent decode(ByteString bytes) {
    try {
      return HistoryEvent.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt history event", e);
    }
  }

  public static byte[] encodeBatch(List<HistoryEvent> events) {
    return History.newBuilder().addAllEvents(events).build().toByteArray();
  }

  public static List<HistoryEvent> decodeBatch(byte[] bytes) {
    try {
      return History.parseFrom(bytes).getEventsList();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt history batch", e);
    }
  }
}
