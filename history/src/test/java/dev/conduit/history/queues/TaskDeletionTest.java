package dev.conduit.history.queues;

import static dev.conduit.history.testing.Commands.startTimer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.history.HistoryConfig;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.tasks.TimerTaskType;
import dev.conduit.history.tasks.TransferTaskType;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.TimerTaskRecord;
import dev.conduit.persistence.execution.TransferTaskRecord;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.HistoryShardInfo;
import io.temporal.api.enums.v1.EventType;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Done tasks are not deleted one by one: they stay stored until the queue's ack level above them is persisted (at most
 * once per {@code ackLevelPersistInterval}), and then go in one range deletion per queue. A shard's next owner reads
 * from the persisted ack level, so it runs again only what was done after that level was persisted.
 */
class TaskDeletionTest {
  private static final Duration PERSIST_INTERVAL = Duration.ofSeconds(1);
  private final HistoryTestEnv env = new HistoryTestEnv(HistoryConfig.defaults()
      .withQueueTiming(Duration.ofMillis(100), Duration.ofSeconds(5), PERSIST_INTERVAL), 1);
  private final ShardController hostB = new ShardController(1, "host-b", env.shardStore, env.store, env.namespaces,
      env.matching, env.config, env.clock, null);

  @AfterEach
  void close() {
    hostB.close();
    env.close();
  }

  private List<Long> storedTransferTasksOf(WorkflowKey key) {
    return env.store.transferTasks(0).stream().filter(task -> task.workflow().equals(key))
        .map(TransferTaskRecord::taskId).toList();
  }

  private long persistedTransferAckLevel() throws Exception {
    return HistoryShardInfo.parseFrom(env.shardStore.row(0).data()).getTransferAckLevel();
  }

  @Test
  void aDoneTransferTaskStaysUntilThePersistedAckLevelPassesItAndANextOwnerRunsItAgainUntilThen() throws Exception {
    WorkflowKey first = env.startWorkflow("d-1"); // the shard's first persist of the ack level: at once
    assertThat(storedTransferTasksOf(first)).as("done and below the persisted ack level").isEmpty();

    WorkflowKey second = env.startWorkflow("d-2");
    assertThat(env.matching.workflowTasks()).extracting(task -> task.getWorkflowId()).containsExactly("d-1", "d-2");
    List<Long> secondTasks = storedTransferTasksOf(second);
    assertThat(secondTasks).as("done, but the ack level above it is not persisted within the interval").isNotEmpty();
    assertThat(env.shard(second).transferQueue().ackLevel()).isGreaterThanOrEqualTo(secondTasks.get(secondTasks.size() - 1));
    assertThat(persistedTransferAckLevel()).isLessThan(secondTasks.get(0));

    env.clock.advance(PERSIST_INTERVAL);
    env.processTransfers();
    assertThat(persistedTransferAckLevel()).isGreaterThanOrEqualTo(secondTasks.get(secondTasks.size() - 1));
    assertThat(storedTransferTasksOf(second)).as("deleted with the persist").isEmpty();
    assertThat(env.store.transferTasks(0)).isEmpty();

    WorkflowKey third = env.startWorkflow("d-3");
    assertThat(storedTransferTasksOf(third)).isNotEmpty();
    hostB.setOwnedShards(Set.of(0));
    hostB.shard(0).transferQueue().processOnce();
    assertThat(env.matching.workflowTasks()).as("the next owner delivers again only what was above the persisted level")
        .extracting(task -> task.getWorkflowId()).containsExactly("d-1", "d-2", "d-3", "d-3");
  }

  @Test
  void aTaskThatKeepsFailingHoldsTheDeletionOfTheDoneTasksAboveIt() throws Exception {
    env.matching.failNext(1);
    WorkflowKey failing = env.startWorkflow("d-4"); // its dispatch fails
    WorkflowKey done = env.startWorkflow("d-5");
    assertThat(env.matching.workflowTasks()).extracting(task -> task.getWorkflowId()).containsExactly("d-5");
    List<Long> failingTasks = storedTransferTasksOf(failing);

    env.matching.failNext(1);
    env.clock.advance(PERSIST_INTERVAL); // the retry is due, and fails again; the ack level may persist now
    env.processTransfers();
    assertThat(env.matching.workflowTasks()).extracting(task -> task.getWorkflowId()).containsExactly("d-5");
    assertThat(persistedTransferAckLevel()).isLessThan(failingTasks.get(failingTasks.size() - 1));
    assertThat(storedTransferTasksOf(failing)).as("not done").isNotEmpty();
    assertThat(storedTransferTasksOf(done)).as("done, above a task not done").isNotEmpty();

    env.clock.advance(PERSIST_INTERVAL);
    env.processTransfers();
    assertThat(env.matching.workflowTasks()).extracting(task -> task.getWorkflowId()).containsExactly("d-5", "d-4");
    assertThat(storedTransferTasksOf(failing)).isEmpty();
    assertThat(storedTransferTasksOf(done)).isEmpty();
  }

  @Test
  void aFiredTimerIsDeletedWithTheNextAckPersistWhileALaterOneStays() {
    WorkflowKey key = env.startWorkflow("d-6");
    env.completeWorkflowTask(env.pollWorkflowTask(key), startTimer("short", Duration.ofSeconds(2)),
        startTimer("long", Duration.ofMinutes(10)));
    List<TimerTaskRecord> userTimers = env.store.timerTasks(0).stream()
        .filter(task -> task.type() == TimerTaskType.USER_TIMER.code()).toList();
    assertThat(userTimers).hasSize(2);

    env.advance(Duration.ofSeconds(2)); // fires "short"; the ack level persists (the interval has passed)
    assertThat(env.eventTypes(key)).contains(EventType.EVENT_TYPE_TIMER_FIRED);
    List<Long> stored = env.store.timerTasks(0).stream().map(TimerTaskRecord::taskId).toList();
    assertThat(stored).as("the fired timer is gone, the pending one stays")
        .doesNotContain(userTimers.get(0).taskId()).contains(userTimers.get(1).taskId());
  }
}
