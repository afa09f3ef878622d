package dev.conduit.replication.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.proto.persistence.v1.NamespaceDetail;
import dev.conduit.proto.replication.v1.NamespaceReplicationTask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NamespacePublisherTest {
  private final InMemoryNamespaceStore store = new InMemoryNamespaceStore();
  private final Map<String, Long> levels = new HashMap<>();
  private final List<String> sent = new ArrayList<>();
  private boolean kafkaDown;

  private final NamespacePublisher publisher = new NamespacePublisher(store, new PublishedLevels() {
    @Override
    public long get(String remote) {
      return levels.getOrDefault(remote, -1L);
    }

    @Override
    public void advance(String remote, long level) {
      levels.put(remote, level);
    }
  }, this::send, "active", Map.of("standby", "standby-topic"));

  private void send(String topic, String key, NamespaceReplicationTask task) {
    if (kafkaDown) {
      throw new IllegalStateException("broker unreachable");
    }
    sent.add(topic + ":" + task.getNamespace().getInfo().getName() + "@" + task.getNamespace().getConfigVersion());
  }

  @Test
  void sendsOnlyGlobalNamespacesOriginatedHereThatListTheRemote() {
    store.create(namespace("orders", true, "active", List.of("active", "standby")));
    store.create(namespace("local", false, "active", List.of("active")));
    store.create(namespace("applied", true, "standby", List.of("active", "standby")));
    store.create(namespace("elsewhere", true, "active", List.of("active", "other")));

    assertThat(publisher.publishOnce()).isEqualTo(1);
    assertThat(sent).containsExactly("standby-topic:orders@0");
    assertThat(publisher.publishOnce()).as("nothing new").isZero();
  }

  @Test
  void aFailedSendKeepsTheLevelSoTheNextPassSendsAgain() {
    store.create(namespace("orders", true, "active", List.of("active", "standby")));
    kafkaDown = true;
    assertThatThrownBy(publisher::publishOnce).hasMessageContaining("broker unreachable");
    assertThat(levels).isEmpty();

    kafkaDown = false;
    assertThat(publisher.publishOnce()).isEqualTo(1);
    assertThat(sent).containsExactly("standby-topic:orders@0");
  }

  @Test
  void anUpdateIsSentAgainWithItsNewVersion() {
    NamespaceDetail created = store.create(namespace("orders", true, "active", List.of("active", "standby")));
    publisher.publishOnce();
    store.update(created.toBuilder().setConfigVersion(1).build(), store.notificationVersion());

    assertThat(publisher.publishOnce()).isEqualTo(1);
    assertThat(sent).containsExactly("standby-topic:orders@0", "standby-topic:orders@1");
  }

  private static NamespaceDetail namespace(String name, boolean global, String origin, List<String> clusters) {
    NamespaceDetail.Builder detail = NamespaceDetail.newBuilder().setIsGlobal(global).setOriginCluster(origin);
    detail.getInfoBuilder().setId(UUID.randomUUID().toString()).setName(name);
    detail.getReplicationBuilder().setActiveClusterName(clusters.get(0)).addAllClusters(clusters);
    return detail.build();
  }
}
