package dev.conduit.visibility.attributes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conduit.visibility.query.SystemSearchAttributes;
import dev.conduit.visibility.store.VisibilityIndex;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.IndexedValueType;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which search attributes a namespace has and what values they take. A namespace's custom attributes are Temporal's
 * predefined {@code Custom*Field} ones plus those an operator registered for it; a workflow may set those and the
 * system attributes SDKs and the server set ({@code TemporalChangeVersion}, {@code BuildIds}, ...), never the ones the
 * server derives from the run ({@code WorkflowId}, {@code ExecutionStatus}, ...). A value must be the JSON an SDK
 * writes for the attribute's type; an empty payload (or JSON null) removes the attribute.
 */
public final class SearchAttributeRules {
  /** System attributes the server derives from the run: no start or upsert may set them. */
  public static final Set<String> DERIVED = Set.of("WorkflowId", "RunId", "WorkflowType", "ExecutionStatus",
      "StartTime", "CloseTime", "ExecutionTime", "ExecutionDuration", "TaskQueue", "HistoryLength", "HistorySizeBytes",
      "StateTransitionCount", "ParentWorkflowId", "ParentRunId", "RootWorkflowId", "RootRunId");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private SearchAttributeRules() {}

  /** A namespace's custom attributes: the predefined ones and {@code registered} (attribute name to type number). */
  public static Map<String, IndexedValueType> custom(Map<String, Integer> registered) {
    Map<String, IndexedValueType> custom = new LinkedHashMap<>(VisibilityIndex.PREDEFINED_CUSTOM);
    registered.forEach((name, type) -> custom.put(name, IndexedValueType.forNumber(type)));
    return custom;
  }

  /** Every attribute a query of the namespace may name: the system ones and its custom ones. */
  public static Map<String, IndexedValueType> queryable(Map<String, Integer> registered) {
    Map<String, IndexedValueType> all = new LinkedHashMap<>(SystemSearchAttributes.TYPES);
    all.putAll(custom(registered));
    return all;
  }

  /** Why a name cannot be a new custom attribute, or empty when it can. */
  public static Optional<String> invalidName(String name) {
    if (!NAME.matcher(name).matches()) {
      return Optional.of("search attribute name '" + name + "' must start with a letter or underscore and hold only"
          + " letters, digits and underscores (at most 255)");
    }
    if (SystemSearchAttributes.isSystem(name)) {
      return Optional.of("search attribute " + name + " is a system search attribute");
    }
    return Optional.empty();
  }

  /**
   * The problem with search attributes a start or an upsert sets, or empty when every one is known to the namespace
   * and its value has the attribute's type.
   */
  public static Optional<String> problem(String namespace, Map<String, Payload> values, Map<String, Integer> registered) {
    Map<String, IndexedValueType> custom = custom(registered);
    for (Map.Entry<String, Payload> entry : values.entrySet()) {
      String name = entry.getKey();
      IndexedValueType type = custom.get(name);
      if (type == null && !DERIVED.contains(name)) {
        type = SystemSearchAttributes.TYPES.get(name);
      }
      if (type == null) {
        return Optional.of("Namespace " + namespace + " has no mapping defined for search attribute " + name);
      }
      Optional<String> invalid = invalidValue(name, type, entry.getValue());
      if (invalid.isPresent()) {
        return invalid;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> invalidValue(String name, IndexedValueType type, Payload payload) {
    if (payload.getData().isEmpty()) {
      return Optional.empty();
    }
    JsonNode value;
    try {
      value = JSON.readTree(payload.getData().toByteArray());
    } catch (IOException e) {
      return Optional.of("invalid value for search attribute " + name + " of type " + typeName(type)
          + ": not JSON");
    }
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    boolean ok = value.isArray() ? allElements(value, type) : matches(value, type);
    return ok ? Optional.empty() : Optional.of("invalid value for search attribute " + name + " of type "
        + typeName(type) + ": " + abbreviated(value.toString()));
  }

  private static boolean allElements(JsonNode list, IndexedValueType type) {
    // KeywordList holds several; older SDKs wrap a single value of any type in a list
    if (type != IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST && list.size() > 1) {
      return false;
    }
    for (JsonNode element : list) {
      if (!matches(element, type)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(JsonNode value, IndexedValueType type) {
    return switch (type) {
      case INDEXED_VALUE_TYPE_KEYWORD, INDEXED_VALUE_TYPE_TEXT, INDEXED_VALUE_TYPE_KEYWORD_LIST -> value.isTextual();
      case INDEXED_VALUE_TYPE_INT -> value.isIntegralNumber() && value.canConvertToLong();
      case INDEXED_VALUE_TYPE_DOUBLE -> value.isNumber();
      case INDEXED_VALUE_TYPE_BOOL -> value.isBoolean();
      case INDEXED_VALUE_TYPE_DATETIME -> value.isTextual() && isDatetime(value.asText());
      default -> false;
    };
  }

  private static boolean isDatetime(String text) {
    try {
      OffsetDateTime.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** Temporal's name of a type: Keyword, Text, Int, Double, Bool, Datetime, KeywordList. */
  public static String typeName(IndexedValueType type) {
    return switch (type) {
      case INDEXED_VALUE_TYPE_KEYWORD -> "Keyword";
      case INDEXED_VALUE_TYPE_TEXT -> "Text";
      case INDEXED_VALUE_TYPE_INT -> "Int";
      case INDEXED_VALUE_TYPE_DOUBLE -> "Double";
      case INDEXED_VALUE_TYPE_BOOL -> "Bool";
      case INDEXED_VALUE_TYPE_DATETIME -> "Datetime";
      case INDEXED_VALUE_TYPE_KEYWORD_LIST -> "KeywordList";
      default -> "Unspecified";
    };
  }

  private static String abbreviated(String text) {
    return text.length() > 100 ? text.substring(0, 100) + "..." : text;
  }
}
