package dev.conduit.history.queues;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.history.HistoryConfig;
import dev.conduit.history.testing.HistoryTestEnv;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * While the visibility topic is unreachable, its tasks wait for their retry without keeping the shard's transfer
 * queue from reading and running the tasks that move workflows on, up to their own cap; afterwards they all go out.
 */
class VisibilityOutageTest {
  private static final int CAP = 4;
  private final HistoryTestEnv env = new HistoryTestEnv(HistoryConfig.defaults()
      .withQueueTiming(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ZERO)
      .withMaxPendingQueueTasks(CAP).withQueueBatchSize(2), 1);

  @AfterEach
  void close() {
    env.close();
  }

  private TransferQueueProcessor queue() {
    return env.shards.shard(0).transferQueue();
  }

  private void passes(int count) {
    for (int i = 0; i < count; i++) {
      queue().processOnce();
    }
  }

  @Test
  void workflowTasksStillReachMatchingWhileVisibilityTasksWaitAndTheRecordsFollowOnceItIsBack() {
    env.visibilityDown = true;
    int runs = 3 * CAP;
    for (int i = 0; i < runs; i++) {
      env.start.invoke(HistoryTestEnv.NAMESPACE_ID, env.startRequest("wf-" + i).build());
    }

    passes(4 * runs);

    assertThat(env.matching.workflowTasks()).as("every run's first workflow task, past the waiting visibility tasks")
        .hasSize(runs);
    assertThat(queue().pendingCount()).as("the visibility tasks, waiting").isEqualTo(runs);
    assertThat(env.visibilityRecords).isEmpty();

    env.visibilityDown = false;
    env.clock.advance(Duration.ofSeconds(10));
    passes(2);

    assertThat(env.visibilityRecords).extracting(record -> record.getWorkflowId()).hasSize(runs)
        .doesNotHaveDuplicates();
    assertThat(queue().pendingCount()).isZero();
    assertThat(env.store.transferTasks(0)).isEmpty();
  }

  @Test
  void waitingVisibilityTasksHaveACapOfTheirOwnAfterWhichReadingPauses() {
    env.visibilityDown = true;
    int runs = TransferQueueProcessor.VISIBILITY_CAP_FACTOR * CAP + 10;
    for (int i = 0; i < runs; i++) {
      env.start.invoke(HistoryTestEnv.NAMESPACE_ID, env.startRequest("wf-" + i).build());
    }

    passes(4 * runs);

    int cap = TransferQueueProcessor.VISIBILITY_CAP_FACTOR * CAP;
    assertThat(env.matching.workflowTasks().size()).as("reading paused once the waiting visibility tasks reached the cap")
        .isBetween(cap - 1, cap + 1);
    assertThat(queue().pendingCount()).isBetween(cap, cap + 2);

    env.visibilityDown = false;
    env.clock.advance(Duration.ofSeconds(10));
    passes(4 * runs);
    assertThat(env.matching.workflowTasks()).hasSize(runs);
    assertThat(env.visibilityRecords).hasSize(runs);
  }
}
