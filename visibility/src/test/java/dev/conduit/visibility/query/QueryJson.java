package dev.conduit.visibility.query;

import co.elastic.clients.json.JsonpSerializable;
import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.api.enums.v1.IndexedValueType;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Test helpers: an attribute resolver with one custom attribute of each type, and Elasticsearch objects as JSON. */
final class QueryJson {

  private static final JacksonJsonpMapper MAPPER = new JacksonJsonpMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The system attributes plus CustomKeywordField, CustomTextField, ... and the back-quoted "Custom Attr". */
  static final Function<String, Optional<IndexedValueType>> ATTRIBUTES = attributes();

  private QueryJson() {}

  /** The JSON tree of an Elasticsearch object. */
  static JsonNode tree(JsonpSerializable value) {
    return read(JsonpUtils.toJsonString(value, MAPPER));
  }

  /** Parses JSON written with single quotes for readability. */
  static JsonNode json(String text) {
    return read(text.replace('\'', '"'));
  }

  private static JsonNode read(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Function<String, Optional<IndexedValueType>> attributes() {
    Map<String, IndexedValueType> types = new HashMap<>(SystemSearchAttributes.TYPES);
    types.put("CustomKeywordField", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    types.put("CustomKeywordListField", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST);
    types.put("CustomTextField", IndexedValueType.INDEXED_VALUE_TYPE_TEXT);
    types.put("CustomIntField", IndexedValueType.INDEXED_VALUE_TYPE_INT);
    types.put("CustomDoubleField", IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE);
    types.put("CustomBoolField", IndexedValueType.INDEXED_VALUE_TYPE_BOOL);
    types.put("CustomDatetimeField", IndexedValueType.INDEXED_VALUE_TYPE_DATETIME);
    types.put("Custom Attr", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    return name -> Optional.ofNullable(types.get(name));
  }
}
