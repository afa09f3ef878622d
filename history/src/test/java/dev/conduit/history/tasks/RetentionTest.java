package dev.conduit.history.tasks;

import static dev.conduit.history.testing.Commands.completeWorkflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.errors.TaskDependencyPendingException;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.TimerTaskRecord;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.TimerTaskData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A closed run is deleted when its namespace's retention (one day here) after the close is over: its
 * history, its record and the current record if it still names it. Open runs and newer runs stay.
 */
class RetentionTest {
  private static final Duration RETENTION = Duration.ofDays(1);
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  private WorkflowKey completedRun(String workflowId) {
    WorkflowKey key = env.startWorkflow(workflowId);
    env.completeWorkflowTask(env.pollWorkflowTask(key), completeWorkflow("done"));
    return key;
  }

  private List<TimerTaskRecord> deleteTasks(WorkflowKey key) {
    return env.store.timerTasks(env.shard(key).shardId()).stream()
        .filter(t -> t.type() == TimerTaskType.DELETE_RUN.code() && t.workflow().equals(key)).toList();
  }

  private boolean exists(WorkflowKey key) {
    return env.store.getWorkflowExecution(env.shard(key).shardId(), key).isPresent();
  }

  @Test
  void theCloseSchedulesTheDeleteAtCloseTimePlusRetentionWithTheClosesVersion() {
    Instant closedAt = env.clock.instant();
    WorkflowKey key = completedRun("ret-1");

    List<TimerTaskRecord> tasks = deleteTasks(key);
    assertThat(tasks).hasSize(1);
    assertThat(tasks.get(0).fireTime()).isEqualTo(closedAt.plus(RETENTION));
    assertThat(TaskData.timer(tasks.get(0).data()).getVersion()).isEqualTo(HistoryTestEnv.VERSION);
  }

  @Test
  void theRunHistoryAndCurrentRecordGoWhenTheRetentionIsOverAndNotBefore() {
    WorkflowKey key = completedRun("ret-2");

    env.advance(RETENTION.minusMillis(1));
    assertThat(exists(key)).isTrue();
    assertThat(env.store.hasHistory(key)).isTrue();
    assertThat(env.events(key)).isNotEmpty();

    env.advance(Duration.ofMillis(1));
    assertThat(exists(key)).isFalse();
    assertThat(env.visibilityRecords).as("the run's visibility record is deleted too").anySatisfy(record -> {
      assertThat(record.getDeleted()).isTrue();
      assertThat(record.getRunId()).isEqualTo(key.runId());
      assertThat(record.getVersion()).isEqualTo(VisibilityTask.DELETED_VERSION);
    });
    assertThat(env.store.hasHistory(key)).isFalse();
    assertThat(env.store.getCurrentExecution(env.shard(key).shardId(), key.namespaceId(), key.workflowId())).isEmpty();
    assertThat(deleteTasks(key)).as("the task is done").isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> env.state(key)).isInstanceOf(EntityNotFoundException.class);

    WorkflowKey again = env.startWorkflow("ret-2");
    assertThat(again.runId()).as("the workflow id is free for a new run").isNotEqualTo(key.runId());
  }

  @Test
  void aNewerRunKeepsItsCurrentRecordAndOpenRunsStay() {
    WorkflowKey old = completedRun("ret-3");
    WorkflowKey newer = env.startWorkflow("ret-3");
    WorkflowKey open = env.startWorkflow("ret-open");

    env.advance(RETENTION.multipliedBy(2));

    assertThat(exists(old)).isFalse();
    assertThat(exists(newer)).isTrue();
    assertThat(exists(open)).isTrue();
    assertThat(env.store.getCurrentExecution(env.shard(newer).shardId(), newer.namespaceId(), newer.workflowId()))
        .hasValueSatisfying(current -> assertThat(current.runId()).isEqualTo(newer.runId()));
    assertThat(deleteTasks(open)).isEmpty();
  }

  @Test
  void aRepeatedTaskIsANoOpAndAStaleVersionDeletesNothing() {
    WorkflowKey key = completedRun("ret-4");
    TimerTaskExecutor executor = new TimerTaskExecutor();

    executor.execute(env.shard(key), deleteTask(key, HistoryTestEnv.VERSION + 10));
    assertThat(exists(key)).as("a task of another version (made before a failover) does not act").isTrue();
    assertThat(env.visibilityRecords).as("and publishes no tombstone").noneMatch(record -> record.getDeleted());

    executor.execute(env.shard(key), deleteTask(key, HistoryTestEnv.VERSION));
    assertThat(exists(key)).isFalse();
    assertThatCode(() -> executor.execute(env.shard(key), deleteTask(key, HistoryTestEnv.VERSION)))
        .as("the run is gone already").doesNotThrowAnyException();
  }

  @Test
  void anOpenRunIsNeverDeletedEvenByAMatchingTask() {
    WorkflowKey key = env.startWorkflow("ret-5");

    new TimerTaskExecutor().execute(env.shard(key), deleteTask(key, HistoryTestEnv.VERSION));

    assertThat(exists(key)).isTrue();
  }

  @Test
  void aDeletionWaitsWhileTransferTasksWrittenBeforeItAreNotDone() {
    WorkflowKey key = completedRun("ret-6");
    long ackLevel = env.shard(key).transferQueue().ackLevel();
    TimerTaskRecord later = new TimerTaskRecord(env.clock.instant(), ackLevel + 1, key, TimerTaskType.DELETE_RUN.code(),
        TimerTaskData.newBuilder().setVersion(HistoryTestEnv.VERSION).build().toByteArray());

    assertThatThrownBy(() -> new TimerTaskExecutor().execute(env.shard(key), later))
        .isInstanceOf(TaskDependencyPendingException.class);
    assertThat(exists(key)).isTrue();
  }

  private TimerTaskRecord deleteTask(WorkflowKey key, long version) {
    // an id below the transfer queue's ack level: the tasks written before it are done
    return new TimerTaskRecord(env.clock.instant(), 1, key, TimerTaskType.DELETE_RUN.code(),
        TimerTaskData.newBuilder().setVersion(version).build().toByteArray());
  }
}
