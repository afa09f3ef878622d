package dev.conduit.frontend.visibility;

import co.elastic.clients.elasticsearch._types.FieldValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.google.protobuf.ByteString;
import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import dev.conduit.visibility.attributes.SearchAttributeRules;
import dev.conduit.visibility.query.InvalidQueryException;
import dev.conduit.visibility.query.ParsedQuery;
import dev.conduit.visibility.query.VisibilityQueries;
import dev.conduit.visibility.store.ElasticsearchVisibilityStore;
import dev.conduit.visibility.store.VisibilityDocuments;
import io.grpc.Status;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frontend's side of visibility: parses a list or count query against the namespace's search attributes,
 * asks the cluster's Elasticsearch store, and turns the answer into the API's shapes. A frontend without an
 * advanced visibility store answers {@code UNIMPLEMENTED}; an unreachable store {@code UNAVAILABLE}; a bad
 * query or page token {@code INVALID_ARGUMENT} naming the problem.
 */
public final class VisibilityReader {
  private static final Logger log = LoggerFactory.getLogger(VisibilityReader.class);
  /** Page size when the request gives none (Temporal's default for list calls). */
  public static final int DEFAULT_PAGE_SIZE = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Optional<ElasticsearchVisibilityStore> store;

  public VisibilityReader(Optional<ElasticsearchVisibilityStore> store) {
    this.store = store;
  }

  /** The visibility store GetClusterInfo names: {@code elasticsearch}, or empty without an advanced one. */
  public String storeName() {
    return store.isPresent() ? "elasticsearch" : "";
  }

  /** A page of a listing and the token of the next one (empty at the end). */
  public record Listing(List<WorkflowExecutionInfo> executions, ByteString nextPageToken) {}

  /** The search attributes every namespace's queries may name, with their types: system and predefined. */
  public Map<String, IndexedValueType> searchAttributes() {
    return SearchAttributeRules.queryable(Map.of());
  }

  /** The store, for the operator's search-attribute calls; empty without an advanced visibility store. */
  public Optional<ElasticsearchVisibilityStore> store() {
    return store;
  }

  public Listing list(NamespaceDetail namespace, String query, int pageSize, ByteString pageToken) {
    String namespaceId = namespace.getInfo().getId();
    ParsedQuery parsed = parse(namespace, query);
    if (parsed.groupBy().isPresent()) {
      throw new InvalidArgumentException("query", "GROUP BY is only allowed in a count query");
    }
    int size = pageSize <= 0 ? DEFAULT_PAGE_SIZE : pageSize;
    ElasticsearchVisibilityStore.Page page = call(s -> s.list(namespaceId, parsed.filter(), parsed.sort(), size,
        decodeToken(pageToken)));
    List<WorkflowExecutionInfo> executions = page.records().stream().map(VisibilityDocuments::executionInfo).toList();
    return new Listing(executions, encodeToken(page.after()));
  }

  /** The count of matching runs, and per value when the query groups by ExecutionStatus. */
  public record Counted(long total, Map<String, Long> groups) {}

  public Counted count(NamespaceDetail namespace, String query) {
    String namespaceId = namespace.getInfo().getId();
    ParsedQuery parsed = parse(namespace, query);
    if (parsed.groupBy().isPresent()) {
      Map<String, Long> groups = call(s -> s.countBy(namespaceId, parsed.filter(), parsed.groupBy().get()));
      return new Counted(groups.values().stream().mapToLong(Long::longValue).sum(), groups);
    }
    return new Counted(call(s -> s.count(namespaceId, parsed.filter())), Map.of());
  }

  /** A group's value as the API carries it: a JSON payload. */
  public static Payload groupValue(String value) {
    return Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .putMetadata("type", ByteString.copyFromUtf8("Keyword"))
        .setData(ByteString.copyFromUtf8(quoted(value)))
        .build();
  }

  private ParsedQuery parse(NamespaceDetail namespace, String query) {
    Map<String, IndexedValueType> attributes = SearchAttributeRules.queryable(namespace.getCustomSearchAttributesMap());
    try {
      return VisibilityQueries.parse(query, name -> Optional.ofNullable(attributes.get(name)));
    } catch (InvalidQueryException e) {
      throw new InvalidArgumentException("query", e.getMessage());
    }
  }

  private <T> T call(java.util.function.Function<ElasticsearchVisibilityStore, T> read) {
    ElasticsearchVisibilityStore visibility = store.orElseThrow(() -> Status.UNIMPLEMENTED
        .withDescription("this cluster has no advanced visibility store (persistence.advancedVisibilityStore)")
        .asRuntimeException());
    try {
      return read.apply(visibility);
    } catch (ElasticsearchVisibilityStore.StoreUnavailableException e) {
      throw Status.UNAVAILABLE.withDescription("visibility store unavailable, retry the call: " + e.getMessage())
          .asRuntimeException();
    } catch (ElasticsearchVisibilityStore.QueryRefusedException
        | co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
      log.warn("the visibility store refused a read", e);
      throw Status.INTERNAL.withDescription("visibility store refused the query").asRuntimeException();
    }
  }

  private static String quoted(String value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static ByteString encodeToken(List<FieldValue> after) {
    if (after.isEmpty()) {
      return ByteString.EMPTY;
    }
    ArrayNode values = JSON.createArrayNode();
    for (FieldValue value : after) {
      switch (value._kind()) {
        case Long -> values.addObject().put("l", value.longValue());
        case Double -> values.addObject().put("d", value.doubleValue());
        case Boolean -> values.addObject().put("b", value.booleanValue());
        case String -> values.addObject().put("s", value.stringValue());
        case Null -> values.addObject().putNull("n");
        default -> throw new IllegalStateException("unexpected sort value " + value);
      }
    }
    return ByteString.copyFromUtf8(Base64.getUrlEncoder().withoutPadding()
        .encodeToString(values.toString().getBytes(StandardCharsets.UTF_8)));
  }

  static List<FieldValue> decodeToken(ByteString token) {
    if (token.isEmpty()) {
      return List.of();
    }
    try {
      JsonNode values = JSON.readTree(Base64.getUrlDecoder().decode(token.toStringUtf8()));
      List<FieldValue> after = new ArrayList<>();
      for (JsonNode value : values) {
        if (value.has("l")) {
          after.add(FieldValue.of(value.get("l").asLong()));
        } else if (value.has("d")) {
          after.add(FieldValue.of(value.get("d").asDouble()));
        } else if (value.has("b")) {
          after.add(FieldValue.of(value.get("b").asBoolean()));
        } else if (value.has("s")) {
          after.add(FieldValue.of(value.get("s").asText()));
        } else if (value.has("n")) {
          after.add(FieldValue.NULL);
        } else {
          throw new IllegalArgumentException("unknown value");
        }
      }
      if (after.isEmpty()) {
        throw new IllegalArgumentException("empty");
      }
      return after;
    } catch (IOException | RuntimeException e) {
      throw new InvalidArgumentException("next_page_token", "not a page token of this list call");
    }
  }
}
