package dev.conduit.config;

import static dev.conduit.config.TestConfigs.MINIMAL;
import static dev.conduit.config.TestConfigs.edit;
import static dev.conduit.config.TestConfigs.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.config.services.ServiceName;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentAndSecretsTest {

  private static final String WITH_PASSWORD = edit(MINIMAL, "        keyspace: temporal\n",
      "        keyspace: temporal\n        user: ${CASSANDRA_USER:-cassandra}\n"
          + "        password: ${CASSANDRA_PASSWORD}\n");

  @Test
  void variablesAreSubstitutedFromTheInjectedEnvironment() {
    ClusterConfig config =
        ConfigLoader.withEnvironment(Map.of("CASSANDRA_PASSWORD", "s3cret")).parse(WITH_PASSWORD);

    assertThat(config.persistence().defaultDataStore().password().reveal()).isEqualTo("s3cret");
    assertThat(config.persistence().defaultDataStore().user()).isEqualTo("cassandra");
  }

  @Test
  void setVariableWinsOverItsDefault() {
    ClusterConfig config = ConfigLoader
        .withEnvironment(Map.of("CASSANDRA_PASSWORD", "p", "CASSANDRA_USER", "temporal"))
        .parse(WITH_PASSWORD);

    assertThat(config.persistence().defaultDataStore().user()).isEqualTo("temporal");
  }

  @Test
  void unsetVariableWithoutDefaultIsAnErrorNamingPathAndVariable() {
    assertThat(errorsOf(WITH_PASSWORD)).containsExactly(new ConfigError(
        "persistence.datastores.default.cassandra.password",
        "environment variable CASSANDRA_PASSWORD is not set (referenced as ${CASSANDRA_PASSWORD});"
            + " set it or give a default with ${CASSANDRA_PASSWORD:-value}"));
  }

  @Test
  void referenceCanFeedAPortAndIsThenCheckedAsOne() {
    String yaml = edit(MINIMAL, "grpcPort: 7233", "grpcPort: ${FRONTEND_PORT:-7233}");

    ClusterConfig byDefault = ConfigLoader.withEnvironment(Map.of()).parse(yaml);
    assertThat(byDefault.service(ServiceName.FRONTEND).orElseThrow().rpc().grpcPort()).isEqualTo(7233);
    ClusterConfig fromEnvironment = ConfigLoader.withEnvironment(Map.of("FRONTEND_PORT", "17233")).parse(yaml);
    assertThat(fromEnvironment.service(ServiceName.FRONTEND).orElseThrow().rpc().grpcPort()).isEqualTo(17233);
    assertThat(errorsOf(yaml, Map.of("FRONTEND_PORT", "seven"))).containsExactly(new ConfigError(
        "services.frontend.rpc.grpcPort", "expected an integer from the environment, got 'seven'"));
  }

  @Test
  void doubleDollarWritesALiteralReference() {
    String yaml = edit(MINIMAL, "        keyspace: temporal\n",
        "        keyspace: temporal\n        password: a$${b}\n");

    ClusterConfig config = ConfigLoader.withEnvironment(Map.of()).parse(yaml);

    assertThat(config.persistence().defaultDataStore().password().reveal()).isEqualTo("a${b}");
  }

  @Test
  void malformedReferenceIsAnError() {
    String yaml = edit(MINIMAL, "keyspace: temporal\n", "keyspace: ${1BAD}\n");

    assertThat(errorsOf(yaml)).singleElement().satisfies(error -> {
      assertThat(error.path()).isEqualTo("persistence.datastores.default.cassandra.keyspace");
      assertThat(error.message()).contains("'${1BAD}' does not name an environment variable");
    });
  }

  @Test
  void passwordsAndTokensAreMaskedInToString() {
    String yaml = WITH_PASSWORD + "consul:\n  token: ${CONSUL_TOKEN}\n";
    ClusterConfig config = ConfigLoader
        .withEnvironment(Map.of("CASSANDRA_PASSWORD", "cass-pw-123", "CONSUL_TOKEN", "consul-tok-456"))
        .parse(yaml);

    assertThat(config.toString()).doesNotContain("cass-pw-123").doesNotContain("consul-tok-456");
    assertThat(config.persistence().defaultDataStore().toString()).contains("password=****");
    assertThat(config.consul().toString()).contains("token=****");
    assertThat(config.persistence().datastores().get("visibility").toString()).contains("password=<unset>");
    assertThat(config.consul().token().reveal()).isEqualTo("consul-tok-456");
  }

  @Test
  void seedPasswordsAreMaskedToo() {
    ClusterConfig config = TestConfigs.load(TestConfigs.seed());

    assertThat(config.persistence().datastores().toString()).doesNotContain("password=password");
  }
}
