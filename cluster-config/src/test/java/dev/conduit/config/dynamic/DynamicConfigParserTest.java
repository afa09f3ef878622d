package dev.conduit.config.dynamic;

import static dev.conduit.config.dynamic.DynamicKeys.ENABLE_NAMESPACE_NOT_ACTIVE_AUTO_FORWARDING;
import static dev.conduit.config.dynamic.TestKeys.NAMESPACE_RPS;
import static dev.conduit.config.dynamic.TestKeys.RPS;
import static dev.conduit.config.dynamic.TestKeys.LONG_POLL_INTERVAL;
import static dev.conduit.config.dynamic.TestKeys.READ_PARTITIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.conduit.config.ConfigError;
import dev.conduit.config.ConfigException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DynamicConfigParserTest {

  private static final String TEMPORAL_EXAMPLE = """
      system.enableNamespaceNotActiveAutoForwarding:
        - value: false
          constraints: {}
      test.rps:
        - value: 3000
      test.namespaceRPS:
        - value: 100
          constraints:
            namespace: "samples"
      test.readPartitions:
        - value: 8
          constraints:
            namespace: "default"
            taskQueueName: "hello"
      """;

  private final DynamicConfigParser parser = TestKeys.parser();

  @Test
  void temporalFormatFileParsesIntoTypedValues() {
    DynamicValues values = parse(TEMPORAL_EXAMPLE);

    assertThat(values.get(ENABLE_NAMESPACE_NOT_ACTIVE_AUTO_FORWARDING, Constraints.namespace("any"))).isFalse();
    assertThat(values.get(RPS)).isEqualTo(3000);
    assertThat(values.getForNamespace(NAMESPACE_RPS, "samples")).isEqualTo(100);
    assertThat(values.getForNamespace(NAMESPACE_RPS, "orders")).isEqualTo(2400);
    assertThat(values.get(READ_PARTITIONS,
        Constraints.taskQueue("default", "hello", TaskType.WORKFLOW))).isEqualTo(8);
    assertThat(values.get(READ_PARTITIONS,
        Constraints.taskQueue("default", "other", TaskType.WORKFLOW))).isEqualTo(4);
  }

  @Test
  void unsetKeysTakeTemporalsDefaults() {
    DynamicValues values = parse("");

    assertThat(values.get(ENABLE_NAMESPACE_NOT_ACTIVE_AUTO_FORWARDING)).isTrue();
    assertThat(values.get(RPS)).isEqualTo(2400);
    assertThat(values.get(DynamicKeys.BLOB_SIZE_LIMIT_ERROR)).isEqualTo(2 * 1024 * 1024);
    assertThat(values.get(DynamicKeys.HISTORY_COUNT_LIMIT_WARN)).isEqualTo(10_240);
    assertThat(values.get(LONG_POLL_INTERVAL)).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void mostSpecificConstraintsWin() {
    DynamicValues values = parse("""
        test.readPartitions:
          - value: 2
          - value: 3
            constraints: {namespace: default}
          - value: 5
            constraints: {taskQueueName: hello}
          - value: 6
            constraints: {namespace: default, taskQueueName: hello}
          - value: 7
            constraints: {namespace: default, taskQueueName: hello, taskType: Activity}
        """);

    assertThat(partitions(values, "default", "hello", TaskType.ACTIVITY)).isEqualTo(7);
    assertThat(partitions(values, "default", "hello", TaskType.WORKFLOW)).isEqualTo(6);
    assertThat(partitions(values, "orders", "hello", TaskType.WORKFLOW)).isEqualTo(5);
    assertThat(partitions(values, "default", "payments", TaskType.WORKFLOW)).isEqualTo(3);
    assertThat(partitions(values, "orders", "payments", TaskType.ACTIVITY)).isEqualTo(2);
    assertThat(values.get(READ_PARTITIONS)).isEqualTo(2);
  }

  @Test
  void taskQueueNameOnlyValueBeatsNamespaceOnlyValue() {
    DynamicValues values = parse("""
        test.readPartitions:
          - value: 3
            constraints: {namespace: default}
          - value: 5
            constraints: {taskQueueName: hello}
        """);

    assertThat(partitions(values, "default", "hello", TaskType.WORKFLOW)).isEqualTo(5);
  }

  @Test
  void wrongTypeIsRejectedNamingKeyAndConstraints() {
    List<ConfigError> errors = errorsOf("""
        test.namespaceRPS:
          - value: 100
          - value: "lots"
            constraints: {namespace: samples}
        """);

    assertThat(errors).containsExactly(new ConfigError("test.namespaceRPS[1].value",
        "expected an integer but found a string for test.namespaceRPS (constraints {namespace: samples})"));
  }

  @Test
  void quotedBooleanIsNotABoolean() {
    assertThat(errorsOf("system.enableNamespaceNotActiveAutoForwarding:\n  - value: \"true\"\n"))
        .singleElement()
        .satisfies(error -> assertThat(error.message()).startsWith("expected a boolean but found a string"));
  }

  @Test
  void valueOutOfRangeIsRejected() {
    assertThat(errorsOf("test.writePartitions:\n  - value: 0\n")).containsExactly(new ConfigError(
        "test.writePartitions[0].value",
        "must be at least 1, was 0 for test.writePartitions (constraints {})"));
  }

  @Test
  void durationsAcceptUnitsOrSeconds() {
    assertThat(parse("test.longPollInterval:\n  - value: 30s\n")
        .get(LONG_POLL_INTERVAL)).isEqualTo(Duration.ofSeconds(30));
    assertThat(parse("test.longPollInterval:\n  - value: 45\n")
        .get(LONG_POLL_INTERVAL)).isEqualTo(Duration.ofSeconds(45));
    assertThat(errorsOf("test.longPollInterval:\n  - value: soon\n")).singleElement()
        .satisfies(error -> assertThat(error.message()).contains("'soon' is not a duration"));
  }

  @Test
  void unknownKeysRejectTheFileNamingTheKeyAndTheFile() {
    ConfigException failure = catchThrowableOfType(ConfigException.class, () -> parser.parse(
        "history.someFutureSetting:\n  - value: 1\ntest.rps:\n  - value: 10\n", "dynamicconfig/prod.yaml"));

    assertThat(failure).isNotNull();
    assertThat(failure.errors()).containsExactly(new ConfigError("history.someFutureSetting",
        "is not a dynamic config key Conduit knows; the keys are listed in cluster-config/README.md"));
    assertThat(failure).hasMessageContaining("dynamicconfig/prod.yaml");
  }

  @Test
  void temporalSettingsConduitDoesNotImplementAreRefusedWithTheReason() {
    DynamicConfigParser standard = DynamicConfigParser.withStandardKeys();
    for (String name : List.of("frontend.rps", "frontend.namespaceRPS", "frontend.namespaceCount",
        "history.persistenceMaxQPS", "matching.numTaskqueueReadPartitions", "matching.numTaskqueueWritePartitions",
        "matching.longPollExpirationInterval")) {
      ConfigException failure = catchThrowableOfType(ConfigException.class,
          () -> standard.parse(name + ":\n  - value: 1\n", "dynamic.yaml"));
      assertThat(failure).as(name).isNotNull();
      assertThat(failure.errors()).singleElement().satisfies(error -> {
        assertThat(error.path()).isEqualTo(name);
        assertThat(error.message()).startsWith("is a Temporal setting Conduit does not implement (");
      });
    }
  }

  @Test
  void keyNamesAreNotCaseSensitive() {
    assertThat(parse("TEST.RPS:\n  - value: 10\n").get(RPS)).isEqualTo(10);
    assertThat(errorsOf("test.rps:\n  - value: 1\nTest.Rps:\n  - value: 2\n")).singleElement()
        .satisfies(error -> assertThat(error.message()).contains("a second time"));
  }

  @Test
  void constraintsTheKeyNeverMatchesAreRejected() {
    assertThat(errorsOf("test.rps:\n  - value: 1\n    constraints: {namespace: samples}\n")).containsExactly(
        new ConfigError("test.rps[0].constraints",
            "{namespace: samples} can never apply to test.rps, which varies by {}"));
    String taskTypeOnly =
        "test.readPartitions:\n  - value: 1\n    constraints: {taskType: Workflow}\n";
    assertThat(errorsOf(taskTypeOnly))
        .singleElement().satisfies(error -> assertThat(error.message()).contains("can never apply"));
  }

  @Test
  void unknownConstraintAndBadTaskTypeAreRejected() {
    List<ConfigError> errors = errorsOf("""
        test.namespaceRPS:
          - value: 1
            constraints: {shardId: 3}
        test.readPartitions:
          - value: 1
            constraints: {namespace: a, taskQueueName: b, taskType: Query}
        """);

    assertThat(errors).containsExactly(
        new ConfigError("test.namespaceRPS[0].constraints.shardId",
            "expected a non-empty string but found an integer"),
        new ConfigError("test.readPartitions[0].constraints.taskType",
            "'Query' is not one of Workflow, Activity, Nexus"));
  }

  @Test
  void repeatedConstraintsAreRejected() {
    assertThat(errorsOf("test.namespaceRPS:\n  - value: 1\n    constraints: {namespace: a}\n"
        + "  - value: 2\n    constraints: {namespace: a}\n")).containsExactly(new ConfigError(
            "test.namespaceRPS[1].constraints",
            "repeats constraints {namespace: a} of an earlier entry of test.namespaceRPS"));
  }

  @Test
  void entryWithoutValueIsRejected() {
    assertThat(errorsOf("test.rps:\n  - constraints: {}\n")).containsExactly(
        new ConfigError("test.rps[0].value", "is required (constraints {})"));
  }

  @Test
  void keyNotMappedToAListIsRejected() {
    assertThat(errorsOf("test.rps: 10\n")).containsExactly(new ConfigError("test.rps",
        "expected a list of entries with value and constraints, but found an integer"));
  }

  private DynamicValues parse(String yaml) {
    return parser.parse(yaml, "test").values();
  }

  private List<ConfigError> errorsOf(String yaml) {
    ConfigException failure = catchThrowableOfType(ConfigException.class, () -> parser.parse(yaml, "test"));
    assertThat(failure).as("expected the dynamic config to be rejected").isNotNull();
    return failure.errors();
  }

  private static int partitions(DynamicValues values, String namespace, String taskQueue, TaskType type) {
    return values.get(READ_PARTITIONS, Constraints.taskQueue(namespace, taskQueue, type));
  }
}
