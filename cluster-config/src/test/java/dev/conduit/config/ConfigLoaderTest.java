package dev.conduit.config;

import static dev.conduit.config.TestConfigs.MINIMAL;
import static dev.conduit.config.TestConfigs.assertError;
import static dev.conduit.config.TestConfigs.edit;
import static dev.conduit.config.TestConfigs.errorsOf;
import static dev.conduit.config.TestConfigs.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.conduit.config.services.ServiceName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @Test
  void minimalSingleClusterConfigLoadsWithDefaults() {
    ClusterConfig config = load(MINIMAL);

    assertThat(config.kafka()).isEmpty();
    assertThat(config.persistence().defaultDataStore().port()).isEqualTo(9042);
    assertThat(config.persistence().defaultDataStore().consistency()).isEqualTo("LOCAL_QUORUM");
    assertThat(config.global().pprofPort()).isZero();
    assertThat(config.dcRedirectionPolicy().policy().configName()).isEqualTo("noop");
    assertThat(config.archival().history().state().configName()).isEqualTo("disabled");
    assertThat(config.service(ServiceName.MATCHING)).isEmpty();
    assertThat(config.dynamicConfigClient()).isEmpty();
  }

  @Test
  void unknownKeyIsReportedWithItsPath() {
    String yaml = edit(MINIMAL, "      grpcPort: 7233\n", "      grpcPort: 7233\n      grpcPorts: 7\n");

    assertError(yaml, "services.frontend.rpc.grpcPorts", "unknown key; did you mean 'grpcPort'?");
  }

  @Test
  void unknownKeysAreFoundInEverySection() {
    String yaml = MINIMAL + "log:\n  level: info\n";
    yaml = edit(yaml, "        keyspace: temporal\n", "        keyspace: temporal\n        keyspaces: x\n");

    List<ConfigError> errors = errorsOf(yaml);

    assertThat(errors).extracting(ConfigError::path)
        .contains("log", "persistence.datastores.default.cassandra.keyspaces");
  }

  @Test
  void unknownServiceIsRejected() {
    String yaml = edit(MINIMAL, "services:\n",
        "services:\n  gateway:\n    rpc: {grpcPort: 1, membershipPort: 2}\n");

    assertError(yaml, "services.gateway", "unknown service; expected one of frontend, history, matching, replication, worker");
  }

  @Test
  void everyErrorIsReportedAtOnce() {
    String yaml = edit(edit(edit(MINIMAL,
        "numHistoryShards: 1", "numHistoryShards: 0"),
        "grpcPort: 7233", "grpcPort: 70000"),
        "currentClusterName: solo", "currentClusterName: nowhere");

    ConfigException failure = catchThrowableOfType(ConfigException.class, () -> load(yaml));

    assertThat(failure.errors()).extracting(ConfigError::path).containsExactlyInAnyOrder(
        "persistence.numHistoryShards", "services.frontend.rpc.grpcPort", "clusterMetadata.currentClusterName");
    assertThat(failure.getMessage())
        .startsWith("Invalid config <text> (3 errors)")
        .contains("services.frontend.rpc.grpcPort: port 70000 is not in 1..65535");
  }

  @Test
  void missingSectionsAreReportedOnceEachWithoutTheirKeys() {
    List<ConfigError> errors = errorsOf("global: {}\n");

    assertThat(errors).containsExactly(
        new ConfigError("persistence", "is required"),
        new ConfigError("services", "is required"),
        new ConfigError("clusterMetadata", "is required"));
  }

  @Test
  void wrongTypesNameTheKindsButNotTheValue() {
    String yaml = edit(MINIMAL, "numHistoryShards: 1", "numHistoryShards: [1]");
    yaml = edit(yaml, "grpcPort: 7233", "grpcPort: \"7233\"");
    yaml = edit(yaml, "keyspace: temporal\n", "keyspace: temporal\n        password: {hunter2: x}\n");

    List<ConfigError> errors = errorsOf(yaml);

    assertThat(errors).contains(
        new ConfigError("persistence.numHistoryShards", "expected an integer but found a list"),
        new ConfigError("services.frontend.rpc.grpcPort", "expected an integer but found a string"),
        new ConfigError("persistence.datastores.default.cassandra.password",
            "expected a string but found a mapping"));
    assertThat(errors.toString()).doesNotContain("hunter2");
  }

  @Test
  void numberWhereTextIsExpectedAsksForQuotes() {
    String yaml = edit(MINIMAL, "keyspace: temporal\n", "keyspace: 123\n");

    assertError(yaml, "persistence.datastores.default.cassandra.keyspace",
        "expected a string but found an integer (quote it if it is meant as text)");
  }

  @Test
  void yamlSyntaxErrorNamesLineAndColumn() {
    List<ConfigError> errors = errorsOf("persistence:\n  defaultStore: [a\n");

    assertThat(errors).singleElement().satisfies(error -> {
      assertThat(error.path()).isEmpty();
      assertThat(error.message()).startsWith("not valid YAML at line ");
    });
  }

  @Test
  void duplicateKeyIsRejected() {
    String yaml = edit(MINIMAL, "numHistoryShards: 1\n", "numHistoryShards: 1\n  numHistoryShards: 2\n");

    assertThat(errorsOf(yaml)).singleElement()
        .satisfies(error -> assertThat(error.message()).contains("Duplicate field 'numHistoryShards'"));
  }

  @Test
  void emptyFileIsRejected() {
    assertThat(errorsOf("")).containsExactly(
        new ConfigError("", "the config must be a YAML mapping of sections, but found an empty file"));
  }

  @Test
  void tabBeforeACommentIsAcceptedButNotInIndentation() {
    ClusterConfig config = load(edit(MINIMAL, "numHistoryShards: 1", "numHistoryShards: 1\t# shards"));
    assertThat(config.persistence().numHistoryShards()).isEqualTo(1);

    assertThat(errorsOf(edit(MINIMAL, "  numHistoryShards: 1", "\tnumHistoryShards: 1")))
        .singleElement().satisfies(error -> assertThat(error.message()).startsWith("not valid YAML at line 4"));
  }

  @Test
  void unreadableFileIsAConfigError(@TempDir Path dir) {
    Path missing = dir.resolve("absent.yaml");

    assertThatThrownBy(() -> ConfigLoader.withEnvironment(Map.of()).load(missing))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cannot read the file");
  }

  @Test
  void relativeDynamicConfigPathIsResolvedAgainstTheConfigFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("development.yaml");
    Files.writeString(file, MINIMAL + "dynamicConfigClient:\n  filepath: dynamic/dc.yaml\n");

    ClusterConfig config = ConfigLoader.withEnvironment(Map.of()).load(file);

    assertThat(config.dynamicConfigClient().orElseThrow().filepath()).isEqualTo(dir.resolve("dynamic/dc.yaml"));
    assertThat(config.dynamicConfigClient().orElseThrow().pollInterval())
        .isEqualTo(DynamicConfigClientConfig.DEFAULT_POLL_INTERVAL);
  }

  @Test
  void dynamicConfigPollIntervalBelowOneSecondIsRejected() {
    String yaml = MINIMAL + "dynamicConfigClient:\n  filepath: dc.yaml\n  pollInterval: 500ms\n";

    assertError(yaml, "dynamicConfigClient.pollInterval", "must be at least 1s, was 500ms");
  }
}
