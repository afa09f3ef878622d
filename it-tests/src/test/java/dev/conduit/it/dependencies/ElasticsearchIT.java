package dev.conduit.it.dependencies;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import dev.conduit.deploy.local.LocalDependencies;
import dev.conduit.it.support.RealServers;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Indexing and searching visibility-shaped documents in the real Elasticsearch the launcher runs. */
class ElasticsearchIT {
  private static final String INDEX = "conduit-it-visibility-" + UUID.randomUUID().toString().substring(0, 8);
  private static RestClient restClient;
  private static ElasticsearchClient client;

  /** The shape of a visibility record; more fields arrive with the visibility issue. */
  public record VisibilityDoc(String namespaceId, String workflowId, String runId, String workflowType, String status, long startTime) {}

  @BeforeAll
  static void startElasticsearch() throws IOException {
    RealServers.require(LocalDependencies.ELASTICSEARCH);
    restClient = RestClient.builder(new HttpHost("127.0.0.1", LocalDependencies.ELASTICSEARCH_PORT, "http")).build();
    client = new ElasticsearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper()));
    client.indices().create(c -> c.index(INDEX)
        .mappings(m -> m
            .properties("namespaceId", p -> p.keyword(k -> k))
            .properties("workflowId", p -> p.keyword(k -> k))
            .properties("runId", p -> p.keyword(k -> k))
            .properties("workflowType", p -> p.keyword(k -> k))
            .properties("status", p -> p.keyword(k -> k))
            .properties("startTime", p -> p.long_(l -> l))));
  }

  @AfterAll
  static void dropIndex() throws IOException {
    if (client != null) {
      client.indices().delete(d -> d.index(INDEX));
      restClient.close();
    }
  }

  @Test
  void indexedDocumentsAreFoundByTermQueryAndCountedByAggregation() throws IOException {
    List<VisibilityDoc> docs =
        List.of(
            new VisibilityDoc("ns-1", "order-1", "run-1", "OrderWorkflow", "Running", 1000),
            new VisibilityDoc("ns-1", "order-2", "run-2", "OrderWorkflow", "Completed", 2000),
            new VisibilityDoc("ns-1", "ship-1", "run-3", "ShipWorkflow", "Running", 3000),
            new VisibilityDoc("ns-2", "order-3", "run-4", "OrderWorkflow", "Running", 4000));
    for (VisibilityDoc doc : docs) {
      client.index(i -> i.index(INDEX).id(doc.runId()).document(doc).refresh(Refresh.True));
    }

    SearchResponse<VisibilityDoc> running =
        client.search(s -> s.index(INDEX)
                .query(q -> q.bool(b -> b
                    .filter(f -> f.term(t -> t.field("namespaceId").value("ns-1")))
                    .filter(f -> f.term(t -> t.field("status").value("Running")))))
                .sort(o -> o.field(f -> f.field("startTime"))),
            VisibilityDoc.class);
    assertThat(running.hits().hits()).extracting(Hit::source).extracting(VisibilityDoc::workflowId).containsExactly("order-1", "ship-1");

    SearchResponse<VisibilityDoc> byType =
        client.search(s -> s.index(INDEX).size(0)
                .query(q -> q.terms(t -> t.field("namespaceId").terms(v -> v.value(List.of(
                    co.elastic.clients.elasticsearch._types.FieldValue.of("ns-1"),
                    co.elastic.clients.elasticsearch._types.FieldValue.of("ns-2"))))))
                .aggregations("types", a -> a.terms(t -> t.field("workflowType"))), VisibilityDoc.class);
    assertThat(byType.aggregations().get("types").sterms().buckets().array())
        .extracting(b -> b.key().stringValue() + "=" + b.docCount())
        .containsExactly("OrderWorkflow=3", "ShipWorkflow=1");
  }

  @Test
  void documentReplacedByIdIsFoundWithItsNewStatusOnly() throws IOException {
    VisibilityDoc open = new VisibilityDoc("ns-3", "wf", "run-x", "W", "Running", 1);
    client.index(i -> i.index(INDEX).id("run-x").document(open).refresh(Refresh.True));
    client.index(i -> i.index(INDEX).id("run-x").document(new VisibilityDoc("ns-3", "wf", "run-x", "W", "Completed", 1)).refresh(Refresh.True));

    SearchResponse<VisibilityDoc> found =
        client.search(s -> s.index(INDEX).query(q -> q.term(t -> t.field("namespaceId").value("ns-3"))), VisibilityDoc.class);
    assertThat(found.hits().hits()).singleElement().extracting(Hit::source).extracting(VisibilityDoc::status).isEqualTo("Completed");
  }
}
