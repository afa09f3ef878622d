package dev.conduit.visibility.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import dev.conduit.visibility.query.SystemSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A cluster's visibility index and its mapping: the system attributes, the custom search attributes every
 * namespace starts with (Temporal's predefined {@code CustomKeywordField}, {@code CustomIntField}, ...), and the
 * stored record. Fields not in the mapping are kept in the source but not indexed ({@code dynamic: false}), so a
 * value of an attribute nobody registered can never change the mapping.
 */
public final class VisibilityIndex {
  /** The custom search attributes of every namespace, as on Temporal's development server. */
  public static final Map<String, IndexedValueType> PREDEFINED_CUSTOM = predefinedCustom();

  private VisibilityIndex() {}

  /** Creates the index with its mapping unless it exists; returns whether it created it. */
  public static boolean ensure(ElasticsearchClient client, String index) {
    try {
      if (client.indices().exists(e -> e.index(index)).value()) {
        return false;
      }
      client.indices().create(c -> c.index(index)
          .settings(s -> s.numberOfShards("1").numberOfReplicas("0").refreshInterval(t -> t.time("1s")))
          .mappings(mapping()));
      return true;
    } catch (ElasticsearchException e) {
      if ("resource_already_exists_exception".equals(e.error().type())) {
        return false;
      }
      throw e;
    } catch (IOException e) {
      throw new ElasticsearchVisibilityStore.StoreUnavailableException("cannot create visibility index " + index
          + ": " + e.getMessage(), e);
    }
  }

  static TypeMapping mapping() {
    Map<String, Property> properties = new LinkedHashMap<>();
    properties.put(VisibilityDocuments.NAMESPACE_ID, Property.of(p -> p.keyword(k -> k)));
    SystemSearchAttributes.TYPES.forEach((name, type) -> properties.put(name, property(type)));
    PREDEFINED_CUSTOM.forEach((name, type) -> properties.put(name, property(type)));
    properties.put(VisibilityDocuments.RECORD, Property.of(p -> p.binary(b -> b)));
    return TypeMapping.of(m -> m.dynamic(co.elastic.clients.elasticsearch._types.mapping.DynamicMapping.False)
        .properties(properties));
  }

  /** The Elasticsearch field of a search attribute type. */
  public static Property property(IndexedValueType type) {
    return switch (type) {
      case INDEXED_VALUE_TYPE_KEYWORD, INDEXED_VALUE_TYPE_KEYWORD_LIST -> Property.of(p -> p.keyword(k -> k));
      case INDEXED_VALUE_TYPE_TEXT -> Property.of(p -> p.text(t -> t));
      case INDEXED_VALUE_TYPE_INT -> Property.of(p -> p.long_(l -> l));
      case INDEXED_VALUE_TYPE_DOUBLE -> Property.of(p -> p.double_(d -> d));
      case INDEXED_VALUE_TYPE_BOOL -> Property.of(p -> p.boolean_(b -> b));
      case INDEXED_VALUE_TYPE_DATETIME -> Property.of(p -> p.dateNanos(d -> d));
      default -> throw new IllegalArgumentException("no Elasticsearch field for search attribute type " + type);
    };
  }

  private static Map<String, IndexedValueType> predefinedCustom() {
    Map<String, IndexedValueType> types = new LinkedHashMap<>();
    types.put("CustomKeywordField", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    types.put("CustomStringField", IndexedValueType.INDEXED_VALUE_TYPE_TEXT);
    types.put("CustomTextField", IndexedValueType.INDEXED_VALUE_TYPE_TEXT);
    types.put("CustomIntField", IndexedValueType.INDEXED_VALUE_TYPE_INT);
    types.put("CustomDoubleField", IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE);
    types.put("CustomBoolField", IndexedValueType.INDEXED_VALUE_TYPE_BOOL);
    types.put("CustomDatetimeField", IndexedValueType.INDEXED_VALUE_TYPE_DATETIME);
    return java.util.Collections.unmodifiableMap(types);
  }
}
