package dev.conduit.matching.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.matching.MatchingSettings;
import dev.conduit.matching.queue.DispatchedTask.Outcome;
import dev.conduit.persistence.matching.TaskQueueId;
import dev.conduit.persistence.matching.TaskQueueLeaseLostException;
import dev.conduit.proto.matching.v1.TaskQueueType;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One queue's manager: backlog redelivery, ack level and lease loss, on a store held in memory. */
class TaskQueueManagerTest {
  private static final TaskQueueId QUEUE = new TaskQueueId("ns", "q", TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, false);
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final InMemoryTaskQueueStore store = new InMemoryTaskQueueStore();
  private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(1);
  private final AtomicInteger stopped = new AtomicInteger();
  private final TaskQueueManager manager = new TaskQueueManager(QUEUE, store, MatchingSettings.defaults("me"), executor,
      Clock.systemUTC(), m -> stopped.incrementAndGet());

  @AfterEach
  void shutdown() {
    executor.shutdownNow();
  }

  @Test
  void aReturnedBacklogTaskKeepsItsPlaceAndIsDispatchedAgain() {
    manager.addTask(task("wf-a"));
    manager.addTask(task("wf-b"));

    DispatchedTask first = manager.poll(WAIT, PollCancellation.never());
    assertThat(first.record().workflowId()).isEqualTo("wf-a");
    first.finish(Outcome.RETURNED);

    DispatchedTask again = manager.poll(WAIT, PollCancellation.never());
    assertThat(again.record().workflowId()).isEqualTo("wf-a");
    assertThat(again.record().taskId()).isEqualTo(first.record().taskId());
    again.finish(Outcome.STARTED);
    manager.flushAckLevel();
    assertThat(store.ackLevel(QUEUE)).isEqualTo(first.record().taskId());
  }

  @Test
  void aTaskIsFinishedOnceAndALateSecondOutcomeIsIgnored() {
    manager.addTask(task("wf-a"));
    DispatchedTask task = manager.poll(WAIT, PollCancellation.never());

    assertThat(task.finish(Outcome.STARTED)).isTrue();
    assertThat(task.finish(Outcome.RETURNED)).isFalse();
    assertThat(manager.poll(Duration.ofMillis(100), PollCancellation.never())).as("not requeued").isNull();
  }

  @Test
  void theAckLevelWaitsForTheOldestUnfinishedTask() {
    manager.addTask(task("wf-a"));
    manager.addTask(task("wf-b"));
    DispatchedTask a = manager.poll(WAIT, PollCancellation.never());
    DispatchedTask b = manager.poll(WAIT, PollCancellation.never());

    b.finish(Outcome.STARTED);
    manager.flushAckLevel();
    assertThat(store.ackLevel(QUEUE)).as("a still runs").isLessThan(a.record().taskId());
    a.finish(Outcome.STALE);
    manager.flushAckLevel();
    assertThat(store.ackLevel(QUEUE)).isEqualTo(b.record().taskId());
    assertThat(store.taskIds(QUEUE)).isEmpty();
  }

  @Test
  void losingTheLeaseOnAnAckLevelUpdateStopsTheManagerAndUnloadsWaitingPolls() {
    manager.addTask(task("wf-a"));
    manager.poll(WAIT, PollCancellation.never()).finish(Outcome.STARTED);
    store.acquireLease(QUEUE, "another-host");

    manager.flushAckLevel();

    assertThat(manager.state()).isEqualTo(TaskQueueManager.State.STOPPED);
    assertThat(stopped).hasValue(1);
    assertThatThrownBy(() -> manager.addTask(task("wf-b"))).isInstanceOf(TaskQueueLeaseLostException.class);
    assertThatThrownBy(() -> manager.poll(WAIT, PollCancellation.never())).isInstanceOf(TaskQueueLeaseLostException.class);
  }

  private static NewTask task(String workflowId) {
    return new NewTask(workflowId, "run", 3, Duration.ZERO);
  }
}
