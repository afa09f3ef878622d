package dev.conduit.it.persistence;

import static dev.conduit.it.persistence.ExecutionStoreFixture.bytes;
import static dev.conduit.it.persistence.ExecutionStoreFixture.events;
import static dev.conduit.it.persistence.ExecutionStoreFixture.newRun;
import static dev.conduit.it.persistence.ExecutionStoreFixture.snapshot;
import static dev.conduit.it.persistence.ExecutionStoreFixture.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.persistence.execution.CreateMode;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.persistence.execution.ExecutionStore;
import dev.conduit.persistence.execution.ShardRecord;
import dev.conduit.persistence.execution.TransferTaskRecord;
import dev.conduit.persistence.execution.WorkflowKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Measures creates and updates, each a history append plus one fenced batch, on this machine's Cassandra. */
class ExecutionWriteLatencyIT {
  private static final Logger log = LoggerFactory.getLogger(ExecutionWriteLatencyIT.class);
  private static final int RUNS = 30;
  private static final int UPDATES_PER_RUN = 3;
  private static ExecutionStoreFixture fixture;

  @BeforeAll
  static void start() {
    fixture = ExecutionStoreFixture.start();
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void sequentialCreatesAndUpdatesAllLand() {
    ExecutionStore store = fixture.executions();
    ShardRecord shard = fixture.shards().acquire(fixture.newShard(), "host-a");
    List<Long> creates = new ArrayList<>();
    List<Long> updates = new ArrayList<>();
    List<WorkflowKey> runs = new ArrayList<>();
    long taskId = 1;
    byte[] state = new byte[4096];
    for (int i = 0; i < RUNS; i++) {
      WorkflowKey key = newRun("wf-latency-" + i);
      runs.add(key);
      long start = System.nanoTime();
      store.createWorkflowExecution(
          shard.shardId(),
          write(snapshot(key, ExecutionState.CREATED, 4, 1, new String(state)), shard.rangeId(), 0, List.of(events(1, 3, taskId)),
              List.of(new TransferTaskRecord(taskId++, key, 1, bytes("schedule workflow task"))), List.of()),
          CreateMode.BRAND_NEW, null);
      creates.add(System.nanoTime() - start);
    }
    for (int u = 1; u <= UPDATES_PER_RUN; u++) {
      for (WorkflowKey key : runs) {
        long first = 2L * u + 2;
        long start = System.nanoTime();
        store.updateWorkflowExecution(
            shard.shardId(),
            write(snapshot(key, ExecutionState.RUNNING, first + 2, u + 1, "update " + u), shard.rangeId(), u, List.of(events(first, first + 1, taskId)),
                List.of(new TransferTaskRecord(taskId++, key, 1, bytes("task"))), List.of()));
        updates.add(System.nanoTime() - start);
      }
    }

    log.info("create: {}; update: {}", summary(creates), summary(updates));
    for (WorkflowKey key : runs) {
      assertThat(store.getWorkflowExecution(shard.shardId(), key).orElseThrow().dbVersion()).isEqualTo(UPDATES_PER_RUN + 1);
    }
    assertThat(store.getTransferTasks(shard.shardId(), 0, Long.MAX_VALUE, 1000)).hasSize(RUNS * (UPDATES_PER_RUN + 1));
  }

  private static String summary(List<Long> nanos) {
    List<Long> sorted = nanos.stream().sorted().toList();
    return String.format("n=%d median=%.1f ms p90=%.1f ms max=%.1f ms", sorted.size(),
        ms(sorted.get(sorted.size() / 2)), ms(sorted.get(sorted.size() * 9 / 10)), ms(sorted.get(sorted.size() - 1)));
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }
}
