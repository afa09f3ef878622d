package dev.conduit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.config.ClusterConfig;
import dev.conduit.config.ConfigLoader;
import dev.conduit.config.dynamic.Constraints;
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
      assertThat(source.get(DynamicKeys.FRONTEND_RPS, Constraints.NONE)).isEqualTo(2400);
    }
  }
}
