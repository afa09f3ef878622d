package dev.conduit.history.queues;

import dev.conduit.history.tasks.TransferTaskType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conduit.history.HistoryConfig;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.TransferTaskRecord;
import dev.conduit.proto.matching.v1.AddTaskRequest;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With a pool, a shard's transfer tasks run side by side: one stuck on matching does not hold back the
 * others, and the ack level stays below it until it is done.
 */
class TransferConcurrencyTest {
  private final ScheduledExecutorService pool = Executors.newScheduledThreadPool(4);
  private final HistoryTestEnv env = new HistoryTestEnv(
      HistoryConfig.defaults().withQueueTiming(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ZERO), 1, pool);

  @AfterEach
  void close() {
    env.close();
    pool.shutdownNow();
  }

  @Test
  void aTaskStuckOnMatchingHoldsBackNeitherTheOthersNorTheAckLevelsSafety() {
    CountDownLatch release = new CountDownLatch(1);
    env.matching.holdWorkflowTasksOf("slow", release);
    env.start.invoke(HistoryTestEnv.NAMESPACE_ID, env.startRequest("slow").build());
    TransferTaskRecord slowTask = env.store.transferTasks(0).stream()
        .filter(task -> task.type() == TransferTaskType.WORKFLOW_TASK.code()).findFirst().orElseThrow();
    await().atMost(Duration.ofSeconds(10)).until(() -> env.matching.workflowTasks().isEmpty()
        && env.shards.shard(0).transferQueue().pendingCount() == 1);

    for (int i = 0; i < 5; i++) {
      env.start.invoke(HistoryTestEnv.NAMESPACE_ID, env.startRequest("fast-" + i).build());
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> env.matching.workflowTasks().size() == 5);
    assertThat(env.matching.workflowTasks()).extracting(AddTaskRequest::getWorkflowId)
        .containsExactlyInAnyOrder("fast-0", "fast-1", "fast-2", "fast-3", "fast-4");
    assertThat(env.shards.shard(0).transferQueue().ackLevel()).as("never past the task still running")
        .isLessThan(slowTask.taskId());
    assertThat(env.store.transferTasks(0)).as("done tasks stay stored until the ack level passes them")
        .allMatch(task -> task.taskId() >= slowTask.taskId())
        .extracting(task -> task.workflow().workflowId())
        .contains("slow", "fast-0", "fast-1", "fast-2", "fast-3", "fast-4");

    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> env.matching.workflowTasks().size() == 6
        && env.store.transferTasks(0).isEmpty());
    await().atMost(Duration.ofSeconds(10)).until(() -> env.shards.shard(0).transferQueue().ackLevel() >= slowTask.taskId());
  }
}
