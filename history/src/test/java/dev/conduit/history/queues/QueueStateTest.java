package dev.conduit.history.queues;

import static dev.conduit.history.testing.Commands.startTimer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.persistence.execution.TransferTaskRecord;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.history.v1.ShardQueueState;
import io.temporal.api.enums.v1.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a shard reports of its queues (the admin's membership view shows it). Of the timer queue: the ack level, the
 * due timers not done and the oldest of them with its failed attempts, and how far the ack level is behind the last
 * pass; a timer whose task keeps failing holds the ack level, and the lag grows with the time it has been due. Of the
 * transfer queue: the ack level, held below a task that keeps failing, and the tasks not done.
 */
class QueueStateTest {
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void aTimerThatKeepsFailingHoldsTheAckLevelAndShowsAsTheOldestPendingTimer() {
    WorkflowKey key = env.startWorkflow("timer-state");
    env.completeWorkflowTask(env.pollWorkflowTask(key), startTimer("t", Duration.ofMinutes(1)));
    Instant due = env.clock.instant().plus(Duration.ofMinutes(1));

    env.advance(Duration.ofSeconds(1));
    TimerQueueProcessor.State idle = env.shard(key).timerQueue().state();
    assertThat(idle.pending()).as("nothing due yet").isZero();
    assertThat(idle.oldest()).isNull();
    assertThat(idle.lag()).isEqualTo(Duration.ZERO);

    AtomicBoolean broken = new AtomicBoolean(true);
    env.store.beforeWrite(write -> {
      if (broken.get()) {
        throw new IllegalStateException("store unavailable (test)");
      }
    });
    env.advance(Duration.ofMinutes(1));
    env.advance(Duration.ofSeconds(1)); // its retry (100 ms after the first failure) fails too

    TimerQueueProcessor.State stuck = env.shard(key).timerQueue().state();
    assertThat(stuck.pending()).isEqualTo(1);
    assertThat(stuck.oldest().fireTime()).isEqualTo(due);
    assertThat(stuck.oldest().workflow()).isEqualTo(key);
    assertThat(stuck.oldestAttempts()).as("failed attempts").isEqualTo(2);
    assertThat(stuck.ackLevel()).isEqualTo(due);
    assertThat(stuck.lag()).isEqualTo(Duration.between(due, env.clock.instant()));

    ShardQueueState reported = env.shard(key).queueState();
    assertThat(reported.getTimerPending()).isEqualTo(1);
    assertThat(ProtoTime.instant(reported.getTimerAckLevel())).isEqualTo(due);
    assertThat(ProtoTime.instant(reported.getTimerPassTime())).isEqualTo(env.clock.instant());
    assertThat(ProtoTime.instant(reported.getOldestTimerDue())).isEqualTo(due);
    assertThat(reported.getOldestTimerWorkflowId()).isEqualTo(key.workflowId());
    assertThat(reported.getOldestTimerRunId()).isEqualTo(key.runId());
    assertThat(reported.getOldestTimerAttempts()).isEqualTo(2);

    env.advance(Duration.ofMinutes(2)); // due for over a minute: the pass warns in the log as well
    TimerQueueProcessor.State late = env.shard(key).timerQueue().state();
    assertThat(late.oldestAttempts()).isEqualTo(3);
    assertThat(late.lag()).isGreaterThan(TimerQueueProcessor.LAG_WARNING);

    broken.set(false);
    env.advance(Duration.ofSeconds(1)); // the fourth attempt, 400 ms after the third, goes through
    assertThat(env.eventTypes(key)).contains(EventType.EVENT_TYPE_TIMER_FIRED);
    TimerQueueProcessor.State caughtUp = env.shard(key).timerQueue().state();
    assertThat(caughtUp.pending()).isZero();
    assertThat(caughtUp.ackLevel()).isAfter(due);
    assertThat(caughtUp.lag()).isEqualTo(Duration.ZERO);
    ShardQueueState after = env.shard(key).queueState();
    assertThat(after.hasOldestTimerDue()).isFalse();
    assertThat(after.getOldestTimerAttempts()).isZero();
  }

  @Test
  void aTransferTaskThatKeepsFailingHoldsTheTransferAckLevelBelowIt() {
    env.matching.failNext(1);
    WorkflowKey key = env.startWorkflow("transfer-state"); // its workflow task dispatch fails
    ShardContext shard = env.shard(key);
    long lastTask = env.store.transferTasks(shard.shardId()).stream().filter(task -> task.workflow().equals(key))
        .mapToLong(TransferTaskRecord::taskId).max().orElseThrow();

    TransferQueueProcessor.State failing = shard.transferQueue().state();
    assertThat(failing.pending()).as("the failed dispatch").isGreaterThanOrEqualTo(1);
    assertThat(failing.ackLevel()).isLessThan(lastTask);
    ShardQueueState reported = shard.queueState();
    assertThat(reported.getTransferPending()).isEqualTo(failing.pending());
    assertThat(reported.getTransferAckLevel()).isEqualTo(failing.ackLevel());

    env.advance(Duration.ofSeconds(1)); // the retry, 100 ms after the failure, goes through
    assertThat(env.matching.workflowTasks()).extracting(task -> task.getWorkflowId()).contains(key.workflowId());
    TransferQueueProcessor.State done = shard.transferQueue().state();
    assertThat(done.pending()).isZero();
    assertThat(done.ackLevel()).isGreaterThanOrEqualTo(lastTask);
    assertThat(shard.queueState().getTransferAckLevel()).isEqualTo(done.ackLevel());
  }
}
