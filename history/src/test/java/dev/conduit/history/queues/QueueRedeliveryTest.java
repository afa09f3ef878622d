package dev.conduit.history.queues;

import static dev.conduit.history.testing.Commands.scheduleActivity;
import static dev.conduit.history.testing.Commands.startTimer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.history.tasks.TimerTaskType;
import dev.conduit.history.tasks.TransferTaskType;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.TimerTaskRecord;
import dev.conduit.persistence.execution.TransferTaskRecord;
import dev.conduit.persistence.execution.WorkflowKey;
import io.temporal.api.enums.v1.EventType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** At-least-once delivery: a task delivered again after it took effect does nothing (invariant 4). */
class QueueRedeliveryTest {
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  private TransferTaskRecord onlyTransferTask(WorkflowKey key, TransferTaskType type) {
    List<TransferTaskRecord> tasks = env.store.transferTasks(env.shard(key).shardId()).stream()
        .filter(t -> t.type() == type.code() && t.workflow().equals(key)).toList();
    assertThat(tasks).hasSize(1);
    return tasks.get(0);
  }

  private TimerTaskRecord timerTask(WorkflowKey key, TimerTaskType type) {
    return env.store.timerTasks(env.shard(key).shardId()).stream()
        .filter(t -> t.type() == type.code() && t.workflow().equals(key)).findFirst().orElseThrow();
  }

  @Test
  void workflowTaskDispatchRedeliveredAfterTheTaskStartedIsDropped() {
    String runId = env.start.invoke(HistoryTestEnv.NAMESPACE_ID, env.startRequest("q-1").build()).getRunId();
    WorkflowKey key = new WorkflowKey(HistoryTestEnv.NAMESPACE_ID, "q-1", runId);
    TransferTaskRecord dispatch = onlyTransferTask(key, TransferTaskType.WORKFLOW_TASK);
    env.processTransfers();
    assertThat(env.matching.workflowTasks()).hasSize(1);
    assertThat(env.store.transferTasks(env.shard(key).shardId())).as("deleted once done").isEmpty();

    env.pollWorkflowTask(key);
    env.store.reinsertTransferTask(env.shard(key).shardId(), dispatch);
    new dev.conduit.history.tasks.TransferTaskExecutor().execute(env.shard(key), dispatch);
    assertThat(env.matching.workflowTasks()).as("started task is not dispatched again").hasSize(1);
  }

  @Test
  void activityDispatchRedeliveredForAnOldAttemptIsDropped() {
    WorkflowKey key = env.startWorkflow("q-2");
    env.completeWorkflowTask(env.pollWorkflowTask(key), scheduleActivity("a1"));
    // The transfer task was executed and deleted; replay its record.
    TransferTaskRecord replay = new TransferTaskRecord(1, key, TransferTaskType.ACTIVITY_TASK.code(),
        dev.conduit.proto.persistence.v1.TransferTaskData.newBuilder().setScheduledEventId(5).setAttempt(1).build()
            .toByteArray());
    env.pollActivityTask(key);
    new dev.conduit.history.tasks.TransferTaskExecutor().execute(env.shard(key), replay);
    assertThat(env.matching.activityTasks()).hasSize(1);
  }

  @Test
  void userTimerDeliveredTwiceFiresOnce() {
    WorkflowKey key = env.startWorkflow("q-3");
    env.completeWorkflowTask(env.pollWorkflowTask(key), startTimer("t1", Duration.ofSeconds(5)));
    TimerTaskRecord timer = timerTask(key, TimerTaskType.USER_TIMER);
    env.advance(Duration.ofSeconds(5));
    env.store.reinsertTimerTask(env.shard(key).shardId(), timer);
    new dev.conduit.history.tasks.TimerTaskExecutor().execute(env.shard(key), timer);
    assertThat(env.eventTypes(key).stream().filter(t -> t == EventType.EVENT_TYPE_TIMER_FIRED)).hasSize(1);
  }

  @Test
  void workflowTaskTimeoutForAnEarlierAttemptDoesNothing() {
    WorkflowKey key = env.startWorkflow("q-4");
    env.pollWorkflowTask(key);
    TimerTaskRecord timeout = timerTask(key, TimerTaskType.WORKFLOW_TASK_TIMEOUT);
    env.advance(Duration.ofSeconds(10));
    env.pollWorkflowTask(key);
    int events = env.events(key).size();
    int writes = env.store.writeCount();
    new dev.conduit.history.tasks.TimerTaskExecutor().execute(env.shard(key), timeout);
    assertThat(env.events(key)).hasSize(events);
    assertThat(env.store.writeCount()).as("not even a write").isEqualTo(writes);
    assertThat(env.state(key).getWorkflowTask().getStartedEventId()).isNotZero();
  }

  @Test
  void failedTransferTaskIsRetriedWithBackoffAndHoldsTheAckLevel() {
    env.matching.failNext(2);
    String runId = env.start.invoke(HistoryTestEnv.NAMESPACE_ID, env.startRequest("q-5").build()).getRunId();
    WorkflowKey key = new WorkflowKey(HistoryTestEnv.NAMESPACE_ID, "q-5", runId);
    TransferQueueProcessor queue = env.shard(key).transferQueue();
    TransferTaskRecord dispatch = onlyTransferTask(key, TransferTaskType.WORKFLOW_TASK);

    queue.processOnce();
    assertThat(env.matching.workflowTasks()).isEmpty();
    assertThat(queue.ackLevel()).isLessThan(dispatch.taskId());
    assertThat(env.store.transferTasks(env.shard(key).shardId())).contains(dispatch);

    queue.processOnce();
    assertThat(env.matching.workflowTasks()).as("not before its backoff").isEmpty();
    env.clock.advance(Duration.ofMillis(100));
    queue.processOnce();
    env.clock.advance(Duration.ofMillis(200));
    queue.processOnce();
    assertThat(env.matching.workflowTasks()).hasSize(1);
    assertThat(queue.ackLevel()).isGreaterThanOrEqualTo(dispatch.taskId());
    assertThat(env.store.transferTasks(env.shard(key).shardId())).isEmpty();
  }
}
