package dev.conduit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Config texts for tests: the seed example, a minimal single-cluster file, and checked edits of them. */
public final class TestConfigs {

  /** One cluster, no global namespaces, Cassandra visibility: needs no kafka section. */
  public static final String MINIMAL = """
      persistence:
        defaultStore: default
        visibilityStore: visibility
        numHistoryShards: 1
        datastores:
          default:
            cassandra:
              hosts: "127.0.0.1"
              keyspace: temporal
          visibility:
            cassandra:
              hosts: "127.0.0.1"
              keyspace: temporal_visibility
      services:
        frontend:
          rpc:
            grpcPort: 7233
            membershipPort: 6933
      clusterMetadata:
        failoverVersionIncrement: 10
        masterClusterName: solo
        currentClusterName: solo
        clusterInformation:
          solo:
            enabled: true
            initialFailoverVersion: 1
            rpcAddress: "127.0.0.1:7233"
      """;

  private TestConfigs() {}

  /**
   * The seed example without the keys Conduit refuses as not implemented (pprof, membership's
   * maxJoinDuration, every service's metrics); {@link #rawSeed()} is the file as published.
   */
  public static String seed() {
    return rawSeed()
        .replaceAll("(?m)^    maxJoinDuration: .*\n", "")
        .replaceAll("(?m)^  pprof:\n(    .*\n)+", "")
        .replaceAll("(?m)^    metrics:\n((      |        ).*\n)+", "");
  }

  public static String rawSeed() {
    try (InputStream in = TestConfigs.class.getResourceAsStream("/seed-development.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces {@code from} by {@code to}, failing if {@code from} is not there so an edit cannot go stale. */
  public static String edit(String yaml, String from, String to) {
    assertThat(yaml).as("text to edit").contains(from);
    return yaml.replace(from, to);
  }

  public static ClusterConfig load(String yaml) {
    return ConfigLoader.withEnvironment(Map.of()).parse(yaml);
  }

  /** The errors of a file that must fail. */
  public static List<ConfigError> errorsOf(String yaml) {
    return errorsOf(yaml, Map.of());
  }

  public static List<ConfigError> errorsOf(String yaml, Map<String, String> environment) {
    ConfigException failure = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.withEnvironment(environment).parse(yaml));
    assertThat(failure).as("expected the config to be rejected").isNotNull();
    return failure.errors();
  }

  /** Asserts that the file fails with an error at {@code path} whose message contains {@code fragment}. */
  public static List<ConfigError> assertError(String yaml, String path, String fragment) {
    List<ConfigError> errors = errorsOf(yaml);
    assertThat(errors).anySatisfy(error -> {
      assertThat(error.path()).isEqualTo(path);
      assertThat(error.message()).contains(fragment);
    });
    return errors;
  }
}
