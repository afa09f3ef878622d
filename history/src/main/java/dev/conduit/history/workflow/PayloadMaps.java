package dev.conduit.history.workflow;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How upserted memo fields and search attributes merge into a run's stored ones, as on Temporal: an upserted
 * key replaces the stored value, and a key upserted with a nil value removes it. SDKs encode "no value" as a
 * payload without data ({@code binary/null}), as JSON {@code null}, or, in older versions, as an empty JSON list.
 */
final class PayloadMaps {
  private static final ByteString JSON_NULL = ByteString.copyFromUtf8("null");
  private static final ByteString EMPTY_LIST = ByteString.copyFromUtf8("[]");

  private PayloadMaps() {}

  static Map<String, Payload> merge(Map<String, Payload> stored, Map<String, Payload> upserted) {
    Map<String, Payload> merged = new LinkedHashMap<>(stored);
    upserted.forEach((key, value) -> {
      if (isNil(value)) {
        merged.remove(key);
      } else {
        merged.put(key, value);
      }
    });
    return merged;
  }

  static boolean isNil(Payload payload) {
    ByteString data = payload.getData();
    return data.isEmpty() || data.equals(JSON_NULL) || data.equals(EMPTY_LIST);
  }
}
