package dev.conduit.matching.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.conduit.matching.MatchingSettings;
import dev.conduit.matching.queue.DispatchedTask.Outcome;
import dev.conduit.persistence.matching.TaskQueueId;
import dev.conduit.persistence.matching.TaskQueueLeaseLostException;
import dev.conduit.proto.matching.v1.TaskQueueType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One queue's manager: backlog redelivery, ack level, lease loss and waiting queries, on a store held in memory. */
class TaskQueueManagerTest {
  private static final TaskQueueId QUEUE = new TaskQueueId("ns", "q", TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, false);
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

  private final InMemoryTaskQueueStore store = new InMemoryTaskQueueStore();
  private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(1);
  private final AtomicInteger stopped = new AtomicInteger();
  private final TaskQueueManager manager = new TaskQueueManager(QUEUE, store, MatchingSettings.defaults("me"), executor,
      Clock.fixed(NOW, ZoneOffset.UTC), m -> stopped.incrementAndGet());

  @AfterEach
  void shutdown() {
    executor.shutdownNow();
  }

  @Test
  void aFreshQueueSyncMatchesItsFirstTaskWithoutWaitingForTheBackgroundReader() throws Exception {
    // the reader's thread is busy, so only the read the load itself does can tell the backlog is empty
    java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
    executor.execute(() -> {
      try {
        busy.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try {
      java.util.concurrent.CompletableFuture<String> polled = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        DispatchedTask task = pollTask(WAIT);
        task.finish(Outcome.STARTED);
        return task.record().workflowId();
      });
      await().atMost(WAIT).until(() -> manager.waitingPollers() == 1);

      assertThat(manager.addTask(task("wf-first"))).isEqualTo(TaskQueueManager.AddResult.SYNC_MATCHED);
      assertThat(polled.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("wf-first");
      assertThat(store.taskIds(QUEUE)).as("nothing written").isEmpty();
    } finally {
      busy.countDown();
    }
  }

  @Test
  void aReturnedBacklogTaskKeepsItsPlaceAndIsDispatchedAgain() {
    manager.addTask(task("wf-a"));
    manager.addTask(task("wf-b"));

    DispatchedTask first = pollTask(WAIT);
    assertThat(first.record().workflowId()).isEqualTo("wf-a");
    first.finish(Outcome.RETURNED);

    DispatchedTask again = pollTask(WAIT);
    assertThat(again.record().workflowId()).isEqualTo("wf-a");
    assertThat(again.record().taskId()).isEqualTo(first.record().taskId());
    again.finish(Outcome.STARTED);
    manager.flushAckLevel();
    assertThat(store.ackLevel(QUEUE)).isEqualTo(first.record().taskId());
  }

  @Test
  void aTaskIsFinishedOnceAndALateSecondOutcomeIsIgnored() {
    manager.addTask(task("wf-a"));
    DispatchedTask task = pollTask(WAIT);

    assertThat(task.finish(Outcome.STARTED)).isTrue();
    assertThat(task.finish(Outcome.RETURNED)).isFalse();
    assertThat(manager.poll(Duration.ofMillis(100), PollCancellation.never())).as("not requeued").isNull();
  }

  @Test
  void theAckLevelWaitsForTheOldestUnfinishedTask() {
    manager.addTask(task("wf-a"));
    manager.addTask(task("wf-b"));
    DispatchedTask a = pollTask(WAIT);
    DispatchedTask b = pollTask(WAIT);

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
    pollTask(WAIT).finish(Outcome.STARTED);
    store.acquireLease(QUEUE, "another-host");

    manager.flushAckLevel();

    assertThat(manager.state()).isEqualTo(TaskQueueManager.State.STOPPED);
    assertThat(stopped).hasValue(1);
    assertThatThrownBy(() -> manager.addTask(task("wf-b"))).isInstanceOf(TaskQueueLeaseLostException.class);
    assertThatThrownBy(() -> manager.poll(WAIT, PollCancellation.never())).isInstanceOf(TaskQueueLeaseLostException.class);
  }

  @Test
  void aQueryGoesAheadOfTheBacklogAndWaitsInMemoryOnly() {
    manager.addTask(task("wf-a"));
    QueryTask query = new QueryTask("q-1", ByteString.copyFromUtf8("query"));
    manager.offerQuery(query);

    assertThat(manager.waitingQueries()).isEqualTo(1);
    assertThat(manager.poll(WAIT, PollCancellation.never())).isSameAs(query);
    assertThat(query.deliver()).isTrue();
    assertThat(pollTask(WAIT).record().workflowId()).isEqualTo("wf-a");
    assertThat(store.taskIds(QUEUE)).as("only the task was written").hasSize(1);
  }

  @Test
  void aWithdrawnQueryIsNeverHandedToAPoll() {
    QueryTask query = new QueryTask("q-1", ByteString.copyFromUtf8("query"));
    manager.offerQuery(query);
    assertThat(query.withdraw()).isTrue();

    assertThat(manager.waitingQueries()).isZero();
    assertThat(manager.poll(Duration.ofMillis(100), PollCancellation.never())).isNull();
    assertThat(query.deliver()).isFalse();
  }

  @Test
  void aQueryGivenBackKeepsItsPlaceAndADeliveredOneCannotBeWithdrawn() {
    QueryTask first = new QueryTask("q-1", ByteString.copyFromUtf8("one"));
    QueryTask second = new QueryTask("q-2", ByteString.copyFromUtf8("two"));
    manager.offerQuery(first);
    manager.offerQuery(second);

    manager.poll(WAIT, PollCancellation.never()).giveBack();
    Dispatch again = manager.poll(WAIT, PollCancellation.never());
    assertThat(again).isSameAs(first);
    assertThat(first.deliver()).isTrue();
    assertThat(first.withdraw()).isFalse();
    assertThat(manager.poll(WAIT, PollCancellation.never())).isSameAs(second);
  }

  @Test
  void aWaitingQueryKeepsTheQueueLoadedAndIsDroppedWhenItUnloadsAnyway() {
    QueryTask query = new QueryTask("q-1", ByteString.copyFromUtf8("query"));
    manager.offerQuery(query);
    assertThat(manager.isIdle(NOW.plus(Duration.ofDays(1)))).isFalse();

    manager.unload();

    assertThat(query.state()).isEqualTo(QueryTask.State.DROPPED);
    assertThat(query.dropped()).isDone();
    QueryTask late = new QueryTask("q-2", ByteString.copyFromUtf8("late"));
    assertThatThrownBy(() -> manager.offerQuery(late)).isInstanceOf(QueueUnloadedException.class);
  }

  private DispatchedTask pollTask(Duration wait) {
    return (DispatchedTask) manager.poll(wait, PollCancellation.never());
  }

  private static NewTask task(String workflowId) {
    return new NewTask(workflowId, "run", 3, Duration.ZERO);
  }
}
