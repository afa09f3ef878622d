package dev.conduit.history.api;

import com.google.protobuf.MessageLite;
import dev.conduit.history.HistoryConfig;
import dev.conduit.history.errors.InvalidRequestException;

/** Size and length limits on what clients and workers send (Temporal's defaults, see HistoryConfig). */
public final class Limits {
  private Limits() {}

  /** Null when {@code value} is a usable id, else why not. */
  public static String checkId(String what, String value, HistoryConfig config) {
    if (value == null || value.isEmpty()) {
      return what + " is not set";
    }
    if (value.length() > config.maxIdLength()) {
      return what + " exceeds length limit of " + config.maxIdLength();
    }
    return null;
  }

  /** Null when the payload fits the blob limit, else why not. */
  public static String checkBlob(String what, MessageLite payload, HistoryConfig config) {
    if (payload != null && payload.getSerializedSize() > config.blobSizeLimit()) {
      return what + " exceeds size limit of " + config.blobSizeLimit() + " bytes";
    }
    return null;
  }

  public static void requireId(String what, String value, HistoryConfig config) {
    String problem = checkId(what, value, config);
    if (problem != null) {
      throw new InvalidRequestException(problem);
    }
  }

  public static void requireBlob(String what, MessageLite payload, HistoryConfig config) {
    String problem = checkBlob(what, payload, config);
    if (problem != null) {
      throw new InvalidRequestException(problem);
    }
  }
}
