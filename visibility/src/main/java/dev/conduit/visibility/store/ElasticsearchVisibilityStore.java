package dev.conduit.visibility.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import dev.conduit.config.persistence.ElasticsearchConfig;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import dev.conduit.proto.visibility.v1.VisibilityRecord;
import io.temporal.api.enums.v1.IndexedValueType;
import java.util.Optional;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/**
 * A cluster's visibility documents in Elasticsearch: written by the indexer with the record's version as the
 * document's external version (a redelivered or older record is refused by Elasticsearch and changes nothing),
 * read by the frontend's list and count calls, always within one namespace.
 */
public final class ElasticsearchVisibilityStore implements AutoCloseable {
  /** Newest first: running runs (no close time) before closed ones, then by start time; run id breaks ties. */
  public static final List<SortOptions> DEFAULT_SORT = List.of(
      SortOptions.of(s -> s.field(f -> f.field("CloseTime").order(SortOrder.Desc).missing("_first"))),
      SortOptions.of(s -> s.field(f -> f.field("StartTime").order(SortOrder.Desc))));
  private static final SortOptions TIE_BREAKER = SortOptions.of(s -> s.field(f -> f.field("RunId").order(SortOrder.Asc)));

  private final RestClient rest;
  private final ElasticsearchClient client;
  private final String index;

  public ElasticsearchVisibilityStore(RestClient rest, String index) {
    this.rest = rest;
    this.client = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
    this.index = index;
  }

  /** Connects to the store a cluster config names ({@code persistence.advancedVisibilityStore}). */
  public static ElasticsearchVisibilityStore connect(ElasticsearchConfig config) {
    RestClientBuilder builder = RestClient.builder(new HttpHost(config.host().host(), config.host().port(),
        config.scheme()));
    if (!config.username().isEmpty()) {
      BasicCredentialsProvider credentials = new BasicCredentialsProvider();
      credentials.setCredentials(AuthScope.ANY,
          new UsernamePasswordCredentials(config.username(), config.password().reveal()));
      builder.setHttpClientConfigCallback(http -> http.setDefaultCredentialsProvider(credentials));
    }
    return new ElasticsearchVisibilityStore(builder.build(), config.visibilityIndex());
  }

  public String index() {
    return index;
  }

  /** Creates the index with its mapping if it does not exist. */
  public boolean ensureIndex() {
    return VisibilityIndex.ensure(client, index);
  }

  /** The Elasticsearch type of a field of the index ({@code keyword}, {@code long}, ...), empty when unmapped. */
  public Optional<String> fieldType(String field) {
    try {
      var mapping = client.indices().getMapping(m -> m.index(index)).result().get(index);
      if (mapping == null) {
        return Optional.empty();
      }
      Property property = mapping.mappings().properties().get(field);
      return property == null ? Optional.empty() : Optional.of(property._kind().jsonValue());
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot reach Elasticsearch: " + e.getMessage(), e);
    }
  }

  /** Adds a field for a custom search attribute of {@code type} to the index's mapping. */
  public void addField(String field, IndexedValueType type) {
    try {
      client.indices().putMapping(m -> m.index(index).properties(field, VisibilityIndex.property(type)));
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot reach Elasticsearch: " + e.getMessage(), e);
    }
  }

  /** The Elasticsearch type a search attribute type is indexed as. */
  public static String fieldTypeOf(IndexedValueType type) {
    return VisibilityIndex.property(type)._kind().jsonValue();
  }

  /** What a write did: indexed or deleted the document, or nothing because a newer record is already there. */
  public enum Outcome { WRITTEN, STALE }

  /**
   * Writes a record (a deleted one removes the document). Throws {@link StoreUnavailableException} when
   * Elasticsearch cannot be reached, so the caller retries later; other failures are the record's.
   */
  public Outcome write(VisibilityRecord record) {
    String id = VisibilityDocuments.id(record);
    try {
      if (record.getDeleted()) {
        client.delete(d -> d.index(index).id(id).version(record.getVersion()).versionType(VersionType.External));
      } else {
        client.index(i -> i.index(index).id(id).version(record.getVersion()).versionType(VersionType.External)
            .document(VisibilityDocuments.document(record)));
      }
      return Outcome.WRITTEN;
    } catch (ElasticsearchException e) {
      return refused(record, e.status(), e);
    } catch (ResponseException e) {
      // the transport hands some refusals over as the low-level client's exception, with the same status
      return refused(record, e.getResponse().getStatusLine().getStatusCode(), e);
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot reach Elasticsearch: " + e.getMessage(), e);
    }
  }

  /**
   * A write Elasticsearch answered with {@code status}: stale (409), gone already (404 for a delete), busy (5xx, 429:
   * try later), or refused (the consumer retries it a few times, then parks it in the DLQ).
   */
  private static Outcome refused(VisibilityRecord record, int status, Exception e) {
    if (status == 409) {
      return Outcome.STALE;
    }
    if (record.getDeleted() && status == 404) {
      return Outcome.WRITTEN;
    }
    if (status >= 500 || status == 429) {
      throw new StoreUnavailableException("Elasticsearch refused the write for now (" + status + ")", e);
    }
    throw new IllegalStateException("Elasticsearch refused the visibility record of " + record.getWorkflowId() + "/"
        + record.getRunId() + " (" + status + "): " + e.getMessage(), e);
  }

  /** One page of a listing, and the sort values of its last document to continue after (empty at the end). */
  public record Page(List<VisibilityRecord> records, List<FieldValue> after) {}

  /**
   * The runs of a namespace that match {@code filter}, ordered by {@code sort} (empty: {@link #DEFAULT_SORT}),
   * {@code pageSize} at most, after the sort values {@code after} of the previous page's last run (empty: from
   * the start). Continuing after sort values instead of an offset keeps pages stable while new runs are written.
   */
  public Page list(String namespaceId, Query filter, List<SortOptions> sort, int pageSize, List<FieldValue> after) {
    List<SortOptions> order = new ArrayList<>(sort.isEmpty() ? DEFAULT_SORT : sort);
    order.add(TIE_BREAKER);
    try {
      SearchResponse<Map> response = client.search(s -> {
        s.index(index).query(inNamespace(namespaceId, filter)).sort(order).size(pageSize)
            .source(src -> src.filter(f -> f.includes(VisibilityDocuments.RECORD)));
        if (!after.isEmpty()) {
          s.searchAfter(after);
        }
        return s;
      }, Map.class);
      List<VisibilityRecord> records = new ArrayList<>();
      List<FieldValue> last = List.of();
      for (Hit<Map> hit : response.hits().hits()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> source = hit.source();
        records.add(VisibilityDocuments.record(source));
        last = hit.sort();
      }
      return new Page(records, records.size() < pageSize ? List.of() : last);
    } catch (IOException e) {
      throw readFailure(e);
    }
  }

  /** How many runs of a namespace match {@code filter}. */
  public long count(String namespaceId, Query filter) {
    try {
      return client.count(c -> c.index(index).query(inNamespace(namespaceId, filter))).count();
    } catch (IOException e) {
      throw readFailure(e);
    }
  }

  /** How many runs of a namespace match {@code filter}, per value of the keyword field {@code field}. */
  public Map<String, Long> countBy(String namespaceId, Query filter, String field) {
    try {
      SearchResponse<Void> response = client.search(s -> s.index(index).query(inNamespace(namespaceId, filter))
          .size(0).aggregations("groups", a -> a.terms(t -> t.field(field).size(100))), Void.class);
      Map<String, Long> groups = new LinkedHashMap<>();
      for (StringTermsBucket bucket : response.aggregations().get("groups").sterms().buckets().array()) {
        groups.put(bucket.key().stringValue(), bucket.docCount());
      }
      return groups;
    } catch (IOException e) {
      throw readFailure(e);
    }
  }

  /** Makes every write so far visible to searches (tests and tools; the index refreshes every second anyway). */
  public void refresh() {
    try {
      client.indices().refresh(r -> r.index(index));
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot reach Elasticsearch: " + e.getMessage(), e);
    }
  }

  /**
   * What a failed read means: Elasticsearch unreachable, overloaded (429) or failing (5xx) is worth a retry; any
   * other refusal is of the query itself, and the same query would be refused again.
   */
  private static RuntimeException readFailure(IOException e) {
    if (e instanceof ResponseException response) {
      int status = response.getResponse().getStatusLine().getStatusCode();
      if (status < 500 && status != 429) {
        return new QueryRefusedException("Elasticsearch refused the query (" + status + ")", e);
      }
      return new StoreUnavailableException("Elasticsearch refused the read for now (" + status + ")", e);
    }
    return new StoreUnavailableException("cannot reach Elasticsearch: " + e.getMessage(), e);
  }

  private static Query inNamespace(String namespaceId, Query filter) {
    return Query.of(q -> q.bool(b -> b
        .filter(f -> f.term(t -> t.field(VisibilityDocuments.NAMESPACE_ID).value(namespaceId)))
        .must(filter)));
  }

  @Override
  public void close() throws IOException {
    rest.close();
  }

  /** Elasticsearch cannot be reached or refuses work for now: try again later. */
  public static final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Elasticsearch refused a read because of the read itself (a 4xx other than 429): retrying cannot help. */
  public static final class QueryRefusedException extends RuntimeException {
    public QueryRefusedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
