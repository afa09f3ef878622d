package dev.conduit.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.conduit.matching.history.HistoryUnavailableException;
import dev.conduit.matching.history.TaskStarter;
import dev.conduit.matching.queue.InMemoryTaskQueueStore;
import dev.conduit.matching.queue.NewTask;
import dev.conduit.matching.queue.PollCancellation;
import dev.conduit.persistence.matching.TaskQueueId;
import dev.conduit.persistence.matching.TaskQueueLeaseLostException;
import dev.conduit.proto.matching.v1.TaskQueueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The matcher end to end in one JVM: sync match, long polls, cancellation, stale tasks, backlog order. */
class MatchingEngineTest {
  private static final TaskQueueId QUEUE = new TaskQueueId("ns", "orders", TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY, false);
  private static final ByteString POLL = ByteString.copyFromUtf8("poll-request");
  private static final Duration LONG = Duration.ofSeconds(10);

  private final InMemoryTaskQueueStore store = new InMemoryTaskQueueStore();
  private final FakeHistory history = new FakeHistory();
  private final MutableClock clock = new MutableClock();
  private final ExecutorService pollers = Executors.newCachedThreadPool();
  private MatchingEngine engine = engine(MatchingSettings.defaults("test-host"));

  @AfterEach
  void close() {
    pollers.shutdownNow();
    engine.close();
  }

  @Test
  void syncMatchHandsTheTaskToTheWaitingPollerAndAnswersOnlyAfterHistoryStartedIt() throws Exception {
    CompletableFuture<ByteString> poll = pollAsync(PollCancellation.never());
    awaitWaitingPollers(1);

    assertThat(engine.addTask(QUEUE, task("wf-1"))).isTrue();

    assertThat(history.started).containsExactly("wf-1");
    assertThat(poll.get(5, TimeUnit.SECONDS)).isEqualTo(FakeHistory.response("activity", "wf-1"));
    assertThat(store.taskIds(QUEUE)).isEmpty();
    assertThat(store.createCalls()).isZero();
  }

  @Test
  void aQueueTheRingGivesAnotherHostIsRefusedRetryablyAndChangesNothing() {
    engine.setOwnership(queue -> java.util.Optional.of("matching@127.0.0.2:7235"));

    assertThatThrownBy(() -> engine.addTask(QUEUE, task("wf-1")))
        .isInstanceOf(dev.conduit.matching.queue.QueueNotOwnedException.class)
        .hasMessageContaining("matching@127.0.0.2:7235");
    assertThatThrownBy(() -> engine.poll(QUEUE, POLL, LONG, PollCancellation.never()))
        .isInstanceOf(dev.conduit.matching.queue.QueueNotOwnedException.class);
    assertThat(store.taskIds(QUEUE)).isEmpty();
    assertThat(engine.loadedQueues()).isZero();
  }

  @Test
  void whenTheRingMovesAQueueAwayItsWaitingPollGoesBackAndTheQueueUnloads() throws Exception {
    java.util.concurrent.atomic.AtomicReference<String> owner = new java.util.concurrent.atomic.AtomicReference<>();
    engine.setOwnership(queue -> java.util.Optional.ofNullable(owner.get()));
    CompletableFuture<ByteString> poll = pollAsync(PollCancellation.never());
    awaitWaitingPollers(1);

    owner.set("matching@127.0.0.2:7235");
    engine.ownershipChanged();

    assertThatThrownBy(() -> poll.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(dev.conduit.matching.queue.QueueNotOwnedException.class);
    assertThat(engine.loadedQueues()).isZero();
    owner.set(null);
    assertThat(engine.addTask(QUEUE, task("wf-1"))).isFalse();
    assertThat(engine.loadedQueues()).isOne();
  }

  @Test
  void withNoPollerTheTaskGoesToTheBacklogAndTheNextPollGetsIt() {
    assertThat(engine.addTask(QUEUE, task("wf-1"))).isFalse();
    assertThat(store.taskIds(QUEUE)).hasSize(1);

    assertThat(engine.poll(QUEUE, POLL, LONG, PollCancellation.never())).isEqualTo(FakeHistory.response("activity", "wf-1"));
  }

  @Test
  void pollWithNoTaskAnswersEmptyWhenTheLongPollExpires() throws Exception {
    TestCancellation cancellation = new TestCancellation();
    CompletableFuture<ByteString> poll = CompletableFuture.supplyAsync(
        () -> engine.poll(QUEUE, POLL, Duration.ofMillis(300), cancellation), pollers);

    assertThat(poll.get(30, TimeUnit.SECONDS)).isEqualTo(ByteString.EMPTY);
    assertThat(cancellation.registrations()).as("the poll waited in line for a task").isEqualTo(1);
    assertThat(engine.waitingPollers(QUEUE)).isZero();
    assertThat(engine.addTask(QUEUE, task("wf-1"))).as("the expired poll takes no task").isFalse();
  }

  @Test
  void aCancelledPollAnswersAtOnceAndTheNextTaskGoesToTheBacklog() throws Exception {
    TestCancellation cancellation = new TestCancellation();
    CompletableFuture<ByteString> poll = pollAsync(cancellation);
    awaitWaitingPollers(1);

    cancellation.cancel();
    assertThat(poll.get(2, TimeUnit.SECONDS)).isEqualTo(ByteString.EMPTY);
    assertThat(engine.addTask(QUEUE, task("wf-1"))).isFalse();

    assertThat(engine.poll(QUEUE, POLL, LONG, PollCancellation.never())).isEqualTo(FakeHistory.response("activity", "wf-1"));
    assertThat(history.calls).containsExactly("wf-1");
  }

  @Test
  void aTaskHandedToAPollThatTurnsOutCancelledGoesBackToTheQueue() throws Exception {
    TestCancellation cancellation = new TestCancellation();
    CompletableFuture<ByteString> goneWorker = pollAsync(cancellation);
    awaitWaitingPollers(1);
    // the worker went away but the poll has not heard yet: the add still hands the task to it
    cancellation.cancelSilently();

    assertThat(engine.addTask(QUEUE, task("wf-1"))).as("not matched: the poller gave it back").isFalse();
    assertThat(goneWorker.get(2, TimeUnit.SECONDS)).isEqualTo(ByteString.EMPTY);
    assertThat(history.calls).as("the cancelled poll never asked history").isEmpty();

    assertThat(engine.poll(QUEUE, POLL, LONG, PollCancellation.never())).isEqualTo(FakeHistory.response("activity", "wf-1"));
    assertThat(history.started).containsExactly("wf-1");
  }

  @Test
  void aStaleSyncMatchedTaskIsDroppedAndThePollerKeepsWaitingForTheNext() throws Exception {
    history.stale.add("wf-closed");
    CompletableFuture<ByteString> poll = pollAsync(PollCancellation.never());
    awaitWaitingPollers(1);

    assertThat(engine.addTask(QUEUE, task("wf-closed"))).as("history has it: nothing to keep").isTrue();
    awaitWaitingPollers(1);
    assertThat(poll).isNotDone();
    assertThat(engine.addTask(QUEUE, task("wf-open"))).isTrue();

    assertThat(poll.get(5, TimeUnit.SECONDS)).isEqualTo(FakeHistory.response("activity", "wf-open"));
    assertThat(history.calls).containsExactly("wf-closed", "wf-open");
    assertThat(store.taskIds(QUEUE)).isEmpty();
  }

  @Test
  void aStaleBacklogTaskIsAcknowledgedAndThePollTakesTheNextOne() {
    history.stale.add("wf-closed");
    engine.addTask(QUEUE, task("wf-closed"));
    engine.addTask(QUEUE, task("wf-open"));

    assertThat(engine.poll(QUEUE, POLL, LONG, PollCancellation.never())).isEqualTo(FakeHistory.response("activity", "wf-open"));
    engine.housekeeping();
    assertThat(store.taskIds(QUEUE)).as("both done, both deleted").isEmpty();
  }

  @Test
  void backlogTasksAreDispatchedInIdOrderAcrossPages() {
    engine.close();
    engine = engine(MatchingSettings.defaults("test-host").withBacklogPageSize(3));
    List<String> added = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      added.add("wf-" + i);
      assertThat(engine.addTask(QUEUE, task("wf-" + i))).isFalse();
    }

    List<String> dispatched = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      dispatched.add(engine.poll(QUEUE, POLL, LONG, PollCancellation.never()).toStringUtf8().substring("activity:".length()));
    }
    assertThat(dispatched).containsExactlyElementsOf(added);
  }

  @Test
  void anExpiredBacklogTaskIsDroppedWithoutAskingHistory() {
    engine.addTask(QUEUE, new NewTask("wf-expiring", "run", 5, Duration.ofSeconds(10)));
    engine.addTask(QUEUE, task("wf-forever"));
    clock.advance(Duration.ofSeconds(11));

    assertThat(engine.poll(QUEUE, POLL, LONG, PollCancellation.never())).isEqualTo(FakeHistory.response("activity", "wf-forever"));
    assertThat(history.calls).containsExactly("wf-forever");
  }

  @Test
  void whenHistoryFailsASyncMatchTheTaskIsMadeDurableAndTheWorkerSeesTheError() throws Exception {
    history.unavailable.add("wf-1");
    CompletableFuture<ByteString> poll = pollAsync(PollCancellation.never());
    awaitWaitingPollers(1);

    assertThat(engine.addTask(QUEUE, task("wf-1"))).isFalse();
    assertThat(store.taskIds(QUEUE)).hasSize(1);
    assertThat(poll).failsWithin(Duration.ofSeconds(2)).withThrowableThat().withCauseInstanceOf(HistoryUnavailableException.class);

    history.unavailable.clear();
    assertThat(engine.poll(QUEUE, POLL, LONG, PollCancellation.never())).isEqualTo(FakeHistory.response("activity", "wf-1"));
  }

  @Test
  void aLostLeaseStopsTheManagerAndTheWriteIsRefused() {
    engine.addTask(QUEUE, task("wf-1"));
    assertThat(engine.loadedQueues()).isEqualTo(1);
    long before = store.rangeId(QUEUE);
    store.acquireLease(QUEUE, "another-host");

    assertThatThrownBy(() -> engine.addTask(QUEUE, task("wf-2"))).isInstanceOf(TaskQueueLeaseLostException.class);
    assertThat(engine.loadedQueues()).as("unloaded").isZero();
    assertThat(store.taskIds(QUEUE)).hasSize(1);

    // the next call loads the queue again under a new lease and keeps the backlog
    assertThat(engine.addTask(QUEUE, task("wf-3"))).isFalse();
    assertThat(store.rangeId(QUEUE)).isEqualTo(before + 2);
    assertThat(engine.poll(QUEUE, POLL, LONG, PollCancellation.never())).isEqualTo(FakeHistory.response("activity", "wf-1"));
    assertThat(engine.poll(QUEUE, POLL, LONG, PollCancellation.never())).isEqualTo(FakeHistory.response("activity", "wf-3"));
  }

  @Test
  void taskIdsComeFromTheRangeAndTheRangeIsRenewedWhenUsedUp() {
    engine.close();
    engine = engine(MatchingSettings.defaults("test-host").withTasksPerRange(2));
    for (int i = 0; i < 5; i++) {
      engine.addTask(QUEUE, task("wf-" + i));
    }

    assertThat(store.taskIds(QUEUE)).containsExactly(1L << 20, (1L << 20) + 1, 2L << 20, (2L << 20) + 1, 3L << 20);
    for (int i = 0; i < 5; i++) {
      assertThat(engine.poll(QUEUE, POLL, LONG, PollCancellation.never()).toStringUtf8()).isEqualTo("activity:wf-" + i);
    }
  }

  @Test
  void anIdleQueueIsUnloadedWithItsAckLevelPersistedAndDoneTasksDeleted() {
    engine.addTask(QUEUE, task("wf-1"));
    engine.addTask(QUEUE, task("wf-2"));
    engine.poll(QUEUE, POLL, LONG, PollCancellation.never());
    long firstId = store.taskIds(QUEUE).get(0);

    engine.housekeeping();
    assertThat(engine.loadedQueues()).as("recently used").isEqualTo(1);
    clock.advance(Duration.ofMinutes(6));
    engine.housekeeping();

    assertThat(engine.loadedQueues()).isZero();
    assertThat(store.ackLevel(QUEUE)).isEqualTo(firstId);
    assertThat(store.taskIds(QUEUE)).containsExactly(firstId + 1);
    // a new manager resumes after the ack level
    assertThat(engine.poll(QUEUE, POLL, LONG, PollCancellation.never())).isEqualTo(FakeHistory.response("activity", "wf-2"));
  }

  @Test
  void stickyAndNormalQueuesOfTheSameNameAreSeparate() {
    TaskQueueId sticky = new TaskQueueId("ns", "orders", TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY, true);
    engine.addTask(sticky, task("wf-sticky"));
    assertThat(store.taskIds(sticky)).hasSize(1);
    assertThat(store.taskIds(QUEUE)).as("nothing in the normal queue's backlog").isEmpty();

    assertThat(engine.poll(QUEUE, POLL, Duration.ofMillis(100), PollCancellation.never())).isEqualTo(ByteString.EMPTY);
    assertThat(engine.poll(sticky, POLL, LONG, PollCancellation.never())).isEqualTo(FakeHistory.response("activity", "wf-sticky"));
  }

  @Test
  void concurrentAddsAndPollsDeliverEveryTaskExactlyOnce() throws Exception {
    int tasks = 300;
    List<CompletableFuture<Void>> workers = new ArrayList<>();
    List<String> received = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int w = 0; w < 6; w++) {
      workers.add(CompletableFuture.runAsync(() -> {
        while (received.size() < tasks) {
          ByteString answer = engine.poll(QUEUE, POLL, Duration.ofMillis(200), PollCancellation.never());
          if (!answer.isEmpty()) {
            received.add(answer.toStringUtf8());
          }
        }
      }, pollers));
    }
    List<CompletableFuture<Void>> adders = new ArrayList<>();
    for (int a = 0; a < 4; a++) {
      int adder = a;
      adders.add(CompletableFuture.runAsync(() -> {
        for (int i = adder; i < tasks; i += 4) {
          engine.addTask(QUEUE, task("wf-" + i));
        }
      }, pollers));
    }
    CompletableFuture.allOf(adders.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

    assertThat(received).hasSize(tasks).doesNotHaveDuplicates();
    assertThat(history.started).hasSize(tasks).doesNotHaveDuplicates();
  }

  private MatchingEngine engine(MatchingSettings settings) {
    return new MatchingEngine(store, new TaskStarter(history), settings, clock);
  }

  private CompletableFuture<ByteString> pollAsync(PollCancellation cancellation) {
    return CompletableFuture.supplyAsync(() -> engine.poll(QUEUE, POLL, LONG, cancellation), pollers);
  }

  private void awaitWaitingPollers(int count) {
    await().atMost(Duration.ofSeconds(5)).until(() -> engine.waitingPollers(QUEUE) == count);
  }

  private static NewTask task(String workflowId) {
    return new NewTask(workflowId, "run-1", 5, Duration.ZERO);
  }
}
