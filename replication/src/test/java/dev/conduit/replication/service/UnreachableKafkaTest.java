package dev.conduit.replication.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.config.HostPort;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import dev.conduit.replication.namespace.InMemoryNamespaceStore;
import dev.conduit.replication.namespace.NamespacePublisher;
import dev.conduit.replication.namespace.PublishedLevels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/**
 * The real producer, configured as the service configures it, against a broker address where nothing
 * listens: the send fails, the published level stays, and once Kafka is back the register is sent once.
 */
class UnreachableKafkaTest {
  private final InMemoryNamespaceStore store = new InMemoryNamespaceStore();
  private final Map<String, Long> levels = new HashMap<>();
  private final PublishedLevels publishedLevels = new PublishedLevels() {
    @Override
    public long get(String remote) {
      return levels.getOrDefault(remote, -1L);
    }

    @Override
    public void advance(String remote, long level) {
      levels.put(remote, level);
    }
  };

  @Test
  void aRegisterDuringAKafkaOutageIsSentOnceAfterIt() {
    NamespaceDetail.Builder detail = NamespaceDetail.newBuilder().setIsGlobal(true).setOriginCluster("active");
    detail.getInfoBuilder().setId(UUID.randomUUID().toString()).setName("orders");
    detail.getReplicationBuilder().setActiveClusterName("active").addClusters("active").addClusters("standby");
    store.create(detail.build());

    Properties properties = ReplicationService.producerProperties(List.of(new HostPort("127.0.0.1", 1)));
    properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 500); // fail fast in the test
    try (KafkaProducer<String, byte[]> down = new KafkaProducer<>(properties)) {
      NamespacePublisher publisher = new NamespacePublisher(store, publishedLevels,
          (topic, key, task) -> KafkaSends.acknowledged(down, topic, key, task.toByteArray()), "active", Map.of("standby", "standby"));
      assertThatThrownBy(publisher::publishOnce).hasMessageContaining("Kafka did not acknowledge");
    }
    assertThat(levels).as("nothing counts as published").isEmpty();

    List<String> sent = new ArrayList<>();
    NamespacePublisher back = new NamespacePublisher(store, publishedLevels,
        (topic, key, task) -> sent.add(task.getNamespace().getInfo().getName()), "active", Map.of("standby", "standby"));
    back.publishOnce();
    back.publishOnce();
    assertThat(sent).containsExactly("orders");
  }
}
