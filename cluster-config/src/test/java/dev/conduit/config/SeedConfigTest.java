package dev.conduit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.config.archival.ArchivalState;
import dev.conduit.config.cluster.ClusterInformation;
import dev.conduit.config.cluster.ClusterMetadataConfig;
import dev.conduit.config.cluster.DcRedirectionConfig;
import dev.conduit.config.cluster.ReplicationConsumerType;
import dev.conduit.config.kafka.KafkaConfig;
import dev.conduit.config.persistence.CassandraConfig;
import dev.conduit.config.persistence.ElasticsearchConfig;
import dev.conduit.config.services.ServiceConfig;
import dev.conduit.config.services.ServiceName;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SeedConfigTest {

  private static ClusterConfig config;
  private static Path seedFile;

  @BeforeAll
  static void loadSeed() throws URISyntaxException, IOException {
    // the seed without the keys Conduit refuses, beside it so that relative paths resolve the same
    Path published = Path.of(SeedConfigTest.class.getResource("/seed-development.yaml").toURI());
    seedFile = published.resolveSibling("seed-development-accepted.yaml");
    Files.writeString(seedFile, TestConfigs.seed());
    config = ConfigLoader.withEnvironment(Map.of()).load(seedFile);
  }

  @Test
  void persistenceNamesItsStoresAndShards() {
    assertThat(config.persistence().numHistoryShards()).isEqualTo(4);
    CassandraConfig store = config.persistence().defaultDataStore();
    assertThat(store.keyspace()).isEqualTo("temporal_active");
    assertThat(store.user()).isEqualTo("cassandra");
    assertThat(store.password().reveal()).isEqualTo("password");
    assertThat(store.contactPoints()).containsExactly(new HostPort("127.0.0.1", 9042));
    assertThat(store.requestTimeout()).isEqualTo(CassandraConfig.DEFAULT_REQUEST_TIMEOUT);
    assertThat(config.persistence().visibilityDataStore().orElseThrow().keyspace())
        .isEqualTo("temporal_visibility_active");
    ElasticsearchConfig es = config.persistence().advancedVisibilityDataStore().orElseThrow();
    assertThat(es.url()).isEqualTo(URI.create("http://127.0.0.1:9200"));
    assertThat(es.username()).isEqualTo("elastic");
    assertThat(es.visibilityIndex()).isEqualTo("temporal-visibility-dev");
  }

  @Test
  void globalAndServicesCarryPortsBindingAndMetrics() {
    assertThat(config.global().membership().broadcastAddress()).contains("127.0.0.1");
    assertThat(config.global().pprofPort()).isZero(); // refused in the raw seed, see ServicesValidationTest
    ServiceConfig frontend = config.service(ServiceName.FRONTEND).orElseThrow();
    assertThat(frontend.rpc().grpcPort()).isEqualTo(7233);
    assertThat(frontend.rpc().bindAddress()).isEqualTo("0.0.0.0");
    ServiceConfig history = config.service(ServiceName.HISTORY).orElseThrow();
    assertThat(history.rpc().membershipPort()).isEqualTo(6934);
    assertThat(history.rpc().bindAddress()).isEqualTo("127.0.0.1");
    assertThat(history.metrics()).isEmpty();
    // the seed has no replication role (ours); every role it has is read
    assertThat(config.services()).containsOnlyKeys(ServiceName.FRONTEND, ServiceName.HISTORY, ServiceName.MATCHING, ServiceName.WORKER);
  }

  @Test
  void clusterMetadataListsThreeClustersWithTheirVersions() {
    ClusterMetadataConfig metadata = config.clusterMetadata();
    assertThat(metadata.enableGlobalNamespace()).isTrue();
    assertThat(metadata.replicationConsumer()).isEqualTo(ReplicationConsumerType.KAFKA);
    assertThat(metadata.failoverVersionIncrement()).isEqualTo(10);
    assertThat(metadata.isMasterCluster()).isTrue();
    assertThat(metadata.clusterInformation()).containsOnlyKeys("active", "standby", "other");
    ClusterInformation standby = metadata.clusterInformation().get("standby");
    assertThat(standby.initialFailoverVersion()).isEqualTo(2);
    assertThat(standby.rpcAddress()).contains(new HostPort("10.12.4.33", 7233));
    assertThat(metadata.failoverVersions().clusterOf(13)).isEqualTo("other");
    assertThat(config.dcRedirectionPolicy().policy())
        .isEqualTo(DcRedirectionConfig.Policy.SELECTED_APIS_FORWARDING);
  }

  @Test
  void kafkaHasBrokersTopicsAndReplicationTopicsPerCluster() {
    KafkaConfig kafka = config.kafka().orElseThrow();
    assertThat(kafka.tls().enabled()).isFalse();
    assertThat(kafka.clusters().get("test")).containsExactly(
        HostPort.parse("10.12.3.252:9092"), HostPort.parse("10.12.4.26:9092"), HostPort.parse("10.12.4.27:9092"));
    assertThat(kafka.replicationTopics("standby")).contains(new KafkaConfig.TopicPair("standby", "standby-dlq"));
    assertThat(kafka.visibilityTopics())
        .contains(new KafkaConfig.TopicPair("temporal-visibility-dev", "temporal-visibility-dev-dlq"));
    assertThat(kafka.brokersOf("other-dlq")).hasSize(3);
  }

  @Test
  void eachSourceClusterHasATopicOfItsOwnToEachDestinationOnTheDestinationsKafka() {
    KafkaConfig kafka = config.kafka().orElseThrow();
    assertThat(kafka.replicationTopic("standby", "active")).contains("standby-from-active");
    assertThat(kafka.replicationTopic("standby", "other")).contains("standby-from-other");
    assertThat(kafka.replicationTopic("nowhere", "active")).isEmpty();
    assertThat(kafka.brokersOf("standby-from-active")).isEqualTo(kafka.brokersOf("standby"));
    assertThatThrownBy(() -> kafka.brokersOf("nowhere-from-active")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nowhere-from-active");
  }

  @Test
  void archivalClientsAndDefaultsAreRead() {
    assertThat(config.archival().history().state()).isEqualTo(ArchivalState.ENABLED);
    assertThat(config.archival().visibility().enableRead()).isTrue();
    assertThat(config.archival().history().filestore().orElseThrow().fileMode()).isEqualTo(0666);
    assertThat(config.archival().history().filestore().orElseThrow().dirMode()).isEqualTo(0766);
    assertThat(config.namespaceDefaults().visibility().uri())
        .contains(URI.create("file:///tmp/temporal_vis_archival/development"));
    assertThat(config.publicClient().orElseThrow().address()).isEqualTo(new HostPort("10.12.4.32", 7233));
    assertThat(config.dynamicConfigClient().orElseThrow().pollInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.dynamicConfigClient().orElseThrow().filepath())
        .isEqualTo(seedFile.getParent().resolve("config/dynamicconfig/development_es.yaml"));
  }

  @Test
  void absentConsulSectionMeansALocalDevAgent() {
    assertThat(config.consul()).isEqualTo(ConsulConfig.defaults());
    assertThat(config.consul().address()).isEqualTo(new HostPort("127.0.0.1", 8500));
    assertThat(config.consul().dnsAddress()).isEqualTo(new HostPort("127.0.0.1", 8600));
  }
}
