package dev.conduit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.config.ClusterConfig;
import dev.conduit.config.ConfigLoader;
import dev.conduit.config.dynamic.DynamicConfigParser;
import dev.conduit.config.dynamic.DynamicKeys;
import dev.conduit.config.dynamic.FileDynamicConfigSource;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configs shipped in deploy/config load and validate, so `conduit up` never starts on a broken file. */
class ShippedConfigTest {

  @Test
  void localDevelopmentConfigLoadsWithLoopbackEndpoints() {
    ClusterConfig config = ConfigLoader.withEnvironment(Map.of()).load(Path.of("config", "development.yaml"));
    assertThat(config.clusterMetadata().currentClusterName()).isEqualTo("active");
    assertThat(config.persistence().defaultDataStore().keyspace()).isEqualTo("conduit_active");
    assertThat(config.persistence().numHistoryShards()).isEqualTo(4);
    assertThat(config.kafka().orElseThrow().replicationTopics("active")).isPresent();
    assertThat(config.publicClient().orElseThrow().hostPort()).isEqualTo("127.0.0.1:7233");
  }

  @Test
  void localDynamicConfigLoads() throws Exception {
    try (FileDynamicConfigSource source =
        FileDynamicConfigSource.load(Path.of("config", "dynamicconfig", "development.yaml"), DynamicConfigParser.withStandardKeys())) {
      assertThat(source.get(DynamicKeys.ENABLE_NAMESPACE_NOT_ACTIVE_AUTO_FORWARDING)).isTrue();
    }
  }

  @Test
  void multiClusterConfigsShareOneIncrementWithDistinctVersionsAndKnowEachOther() {
    Map<String, String> frontends = Map.of("active", "127.0.0.1:7233", "standby", "127.0.0.1:8233", "other", "127.0.0.1:9233");
    java.util.Set<Long> initialVersions = new java.util.HashSet<>();
    java.util.Set<String> keyspaces = new java.util.HashSet<>();
    java.util.Set<Integer> consulPorts = new java.util.HashSet<>();
    for (String name : frontends.keySet()) {
      ClusterConfig config = ConfigLoader.withEnvironment(Map.of()).load(Path.of("config", name + ".yaml"));
      assertThat(config.clusterMetadata().currentClusterName()).isEqualTo(name);
      assertThat(config.clusterMetadata().masterClusterName()).isEqualTo("active");
      assertThat(config.clusterMetadata().failoverVersionIncrement()).isEqualTo(10);
      assertThat(config.clusterMetadata().clusterInformation()).containsOnlyKeys(frontends.keySet());
      frontends.forEach((cluster, address) ->
          assertThat(config.clusterMetadata().clusterInformation().get(cluster).rpcAddress().orElseThrow().toString()).isEqualTo(address));
      assertThat(config.publicClient().orElseThrow().hostPort()).isEqualTo(frontends.get(name));
      assertThat(config.dcRedirectionPolicy().policy().configName()).isEqualTo("selected-apis-forwarding");
      assertThat(config.consul().datacenter()).isEqualTo(name);
      frontends.keySet().forEach(cluster -> assertThat(config.kafka().orElseThrow().replicationTopics(cluster)).isPresent());
      initialVersions.add(config.clusterMetadata().failoverVersions().initialVersion(name));
      keyspaces.add(config.persistence().defaultDataStore().keyspace());
      consulPorts.add(config.consul().address().port());
    }
    assertThat(initialVersions).containsExactlyInAnyOrder(1L, 2L, 3L);
    assertThat(keyspaces).hasSize(3);
    assertThat(consulPorts).hasSize(3).doesNotContain(8500);
  }
}
