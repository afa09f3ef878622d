package dev.conduit.history.tasks;

import static dev.conduit.history.testing.Commands.scheduleActivity;
import static dev.conduit.history.testing.Commands.startTimer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.TimerTaskRecord;
import dev.conduit.persistence.execution.TransferTaskRecord;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.TimerTaskData;
import dev.conduit.proto.persistence.v1.TransferTaskData;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tasks carry the version of the event that made them; one whose version differs from the state's does nothing. */
class TaskVersionCheckTest {
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void tasksCarryTheVersionOfTheirEvent() {
    WorkflowKey key = env.startWorkflow("v-0");
    env.completeWorkflowTask(env.pollWorkflowTask(key), scheduleActivity("a1"));
    assertThat(env.state(key).getActivitiesMap().get(5L).getVersion()).isEqualTo(HistoryTestEnv.VERSION);
    assertThat(env.store.transferTasks(env.shard(key).shardId()))
        .allSatisfy(t -> assertThat(TaskData.transfer(t.data()).getVersion()).isEqualTo(HistoryTestEnv.VERSION));
  }

  @Test
  void transferTasksWithAnotherVersionDispatchNothing() {
    WorkflowKey key = env.startWorkflow("v-1");
    env.completeWorkflowTask(env.pollWorkflowTask(key), scheduleActivity("a1"));
    int workflowDispatches = env.matching.workflowTasks().size();
    int activityDispatches = env.matching.activityTasks().size();
    TransferTaskExecutor executor = new TransferTaskExecutor();

    executor.execute(env.shard(key), transfer(key, TransferTaskType.ACTIVITY_TASK, TransferTaskData.newBuilder()
        .setScheduledEventId(5).setAttempt(1).setVersion(HistoryTestEnv.VERSION + 10).build()));
    assertThat(env.matching.activityTasks()).as("stale version: no dispatch").hasSize(activityDispatches);

    executor.execute(env.shard(key), transfer(key, TransferTaskType.ACTIVITY_TASK, TransferTaskData.newBuilder()
        .setScheduledEventId(5).setAttempt(1).setVersion(HistoryTestEnv.VERSION).build()));
    assertThat(env.matching.activityTasks()).as("same version: dispatched").hasSize(activityDispatches + 1);

    env.signal("v-1", "", "wake", "up");
    long scheduled = env.state(key).getWorkflowTask().getScheduledEventId();
    int afterSignal = env.matching.workflowTasks().size();
    executor.execute(env.shard(key), transfer(key, TransferTaskType.WORKFLOW_TASK, TransferTaskData.newBuilder()
        .setScheduledEventId(scheduled).setTaskQueue(HistoryTestEnv.TASK_QUEUE).setAttempt(1)
        .setVersion(HistoryTestEnv.VERSION - 1).build()));
    assertThat(env.matching.workflowTasks()).as("stale version: no dispatch").hasSize(afterSignal);
    env.processTransfers();
    assertThat(env.matching.workflowTasks()).as("the task's own transfer task, same version")
        .hasSize(afterSignal + 1);
    assertThat(afterSignal).isEqualTo(workflowDispatches);
  }

  @Test
  void timerTasksWithAnotherVersionChangeNothing() {
    WorkflowKey key = env.startWorkflow("v-2");
    env.completeWorkflowTask(env.pollWorkflowTask(key), startTimer("t1", Duration.ofSeconds(5)));
    long next = env.state(key).getNextEventId();
    TimerTaskExecutor executor = new TimerTaskExecutor();

    executor.execute(env.shard(key), timer(key, TimerTaskType.USER_TIMER, TimerTaskData.newBuilder()
        .setEventId(5).setTimerId("t1").setVersion(HistoryTestEnv.VERSION + 1).build()));
    executor.execute(env.shard(key), timer(key, TimerTaskType.WORKFLOW_TIMEOUT, TimerTaskData.newBuilder()
        .setVersion(HistoryTestEnv.VERSION + 1).build()));
    assertThat(env.state(key).getTimersMap()).as("stale timer task: the timer still runs").containsKey("t1");
    assertThat(env.state(key).getNextEventId()).isEqualTo(next);

    executor.execute(env.shard(key), timer(key, TimerTaskType.USER_TIMER, TimerTaskData.newBuilder()
        .setEventId(5).setTimerId("t1").setVersion(HistoryTestEnv.VERSION).build()));
    assertThat(env.state(key).getTimersMap()).as("same version: it fires").doesNotContainKey("t1");
  }

  private static TransferTaskRecord transfer(WorkflowKey key, TransferTaskType type, TransferTaskData data) {
    return new TransferTaskRecord(1_000_000, key, type.code(), data.toByteArray());
  }

  private TimerTaskRecord timer(WorkflowKey key, TimerTaskType type, TimerTaskData data) {
    return new TimerTaskRecord(env.clock.instant(), 1_000_000, key, type.code(), data.toByteArray());
  }
}
