package dev.conduit.visibility.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.api.common.v1.Payload;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A search attribute's value as Elasticsearch indexes it, read from the payload an SDK sent: SDKs encode search
 * attribute values as JSON ({@code json/plain}); a list stands for a KeywordList (or a single value wrapped in a
 * list, as older SDKs send it).
 */
public final class SearchAttributeValues {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SearchAttributeValues() {}

  /** The value to index, or empty for a payload without a value (a removed attribute) or one that is not JSON. */
  public static Optional<Object> indexable(Payload payload) {
    if (payload.getData().isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(payload.getData().toByteArray());
      return Optional.ofNullable(valueOf(node));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Object valueOf(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isArray()) {
      List<Object> values = new ArrayList<>();
      node.forEach(element -> {
        Object value = valueOf(element);
        if (value != null) {
          values.add(value);
        }
      });
      return values.isEmpty() ? null : values;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node.asText();
  }
}
