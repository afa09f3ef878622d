package dev.conduit.history.shard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.history.HistoryConfig;
import dev.conduit.history.tasks.TransferTaskType;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.TransferTaskRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A run's start writes its VISIBILITY transfer task with it when the cluster has somewhere to publish visibility
 * records, and does not write one when it has not (no advanced visibility store): the task would publish nothing.
 */
class VisibilityTasksWrittenTest {
  private static final HistoryConfig CONFIG = HistoryConfig.defaults()
      .withQueueTiming(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ZERO);

  private static List<Integer> typesWrittenByAStart(boolean visibilityStore) {
    try (HistoryTestEnv env = new HistoryTestEnv(CONFIG, 1, null, visibilityStore)) {
      env.start.invoke(HistoryTestEnv.NAMESPACE_ID, env.startRequest("wf").build());
      return env.store.transferTasks(0).stream().map(TransferTaskRecord::type).toList();
    }
  }

  @Test
  void withAVisibilityStoreTheStartWritesItsVisibilityTask() {
    assertThat(typesWrittenByAStart(true)).contains(TransferTaskType.VISIBILITY.code())
        .contains(TransferTaskType.WORKFLOW_TASK.code());
  }

  @Test
  void withoutOneTheStartWritesOnlyTheTasksThatMoveTheRunOn() {
    assertThat(typesWrittenByAStart(false)).doesNotContain(TransferTaskType.VISIBILITY.code())
        .contains(TransferTaskType.WORKFLOW_TASK.code());
  }
}
