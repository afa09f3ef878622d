package dev.conduit.config.dynamic;

import static dev.conduit.config.dynamic.DynamicScope.GLOBAL;
import static dev.conduit.config.dynamic.DynamicScope.NAMESPACE;
import static dev.conduit.config.dynamic.DynamicScope.TASK_QUEUE;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Keys of every scope and type for testing the parser and the file source, apart from the server's own
 * keys (which have no task queue scope today).
 */
final class TestKeys {
  static final DynamicKey<Integer> RPS = DynamicKey.ofInt("test.rps", GLOBAL, 2400, 0, "A global int.");
  static final DynamicKey<Integer> NAMESPACE_RPS = DynamicKey.ofInt("test.namespaceRPS", NAMESPACE, 2400, 0,
      "A per-namespace int.");
  static final DynamicKey<Integer> READ_PARTITIONS = DynamicKey.ofInt("test.readPartitions", TASK_QUEUE, 4, 1,
      "A per-task-queue int with a minimum.");
  static final DynamicKey<Integer> WRITE_PARTITIONS = DynamicKey.ofInt("test.writePartitions", TASK_QUEUE, 4, 1,
      "A per-task-queue int with a minimum.");
  static final DynamicKey<Duration> LONG_POLL_INTERVAL = DynamicKey.ofDuration("test.longPollInterval", TASK_QUEUE,
      Duration.ofMinutes(1), Duration.ofMillis(1), "A per-task-queue duration.");

  private TestKeys() {}

  /** The server's keys and these. */
  static DynamicConfigParser parser() {
    List<DynamicKey<?>> keys = new ArrayList<>(DynamicKeys.all());
    keys.addAll(List.of(RPS, NAMESPACE_RPS, READ_PARTITIONS, WRITE_PARTITIONS, LONG_POLL_INTERVAL));
    return new DynamicConfigParser(keys);
  }
}
