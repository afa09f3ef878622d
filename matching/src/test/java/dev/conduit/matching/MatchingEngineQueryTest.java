package dev.conduit.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.matching.history.TaskStarter;
import dev.conduit.matching.query.QueryNotFoundException;
import dev.conduit.matching.query.QueryTimeoutException;
import dev.conduit.matching.queue.InMemoryTaskQueueStore;
import dev.conduit.matching.queue.NewTask;
import dev.conduit.matching.queue.PollCancellation;
import dev.conduit.persistence.matching.TaskQueueId;
import dev.conduit.persistence.matching.TaskQueueLeaseLostException;
import dev.conduit.proto.matching.v1.TaskQueueType;
import dev.conduit.proto.token.v1.TaskKind;
import dev.conduit.proto.token.v1.TaskToken;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RespondQueryTaskCompletedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Query tasks through the engine: handed to pollers in memory, answered by id, never lost or doubled. */
class MatchingEngineQueryTest {
  static final TaskQueueId QUEUE = new TaskQueueId("ns", "orders", TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, false);
  static final String RUN = "run-1";
  private static final ByteString POLL = ByteString.copyFromUtf8("poll-request");
  private static final Duration LONG = Duration.ofSeconds(10);

  private final InMemoryTaskQueueStore store = new InMemoryTaskQueueStore();
  private final FakeHistory history = new FakeHistory();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private MatchingEngine engine = engine(MatchingSettings.defaults("test-host"));

  @AfterEach
  void close() {
    threads.shutdownNow();
    engine.close();
  }

  static PollWorkflowTaskQueueResponse preparedTask(String workflowId) {
    return PollWorkflowTaskQueueResponse.newBuilder()
        .setWorkflowType(WorkflowType.newBuilder().setName("Checkout"))
        .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(RUN))
        .setStartedEventId(3)
        .build();
  }

  static WorkflowQuery query(String type) {
    return WorkflowQuery.newBuilder().setQueryType(type).build();
  }

  /** The worker's answer to the query task it polled. */
  static RespondQueryTaskCompletedRequest answer(ByteString polled, String result) throws InvalidProtocolBufferException {
    return RespondQueryTaskCompletedRequest.newBuilder()
        .setTaskToken(PollWorkflowTaskQueueResponse.parseFrom(polled).getTaskToken())
        .setErrorMessage(result)
        .build();
  }

  @Test
  void aWaitingPollerGetsTheQueryAndItsAnswerReachesTheCaller() throws Exception {
    CompletableFuture<ByteString> poll = pollAsync(PollCancellation.never());
    await().until(() -> engine.waitingPollers(QUEUE) == 1);

    CompletableFuture<ByteString> answered = queryAsync("wf-1", Duration.ofSeconds(10), PollCancellation.never());
    ByteString polled = poll.get(5, TimeUnit.SECONDS);

    PollWorkflowTaskQueueResponse task = PollWorkflowTaskQueueResponse.parseFrom(polled);
    assertThat(task.getQuery()).isEqualTo(query("state"));
    assertThat(task.getWorkflowType().getName()).isEqualTo("Checkout");
    assertThat(task.getStartedEventId()).isEqualTo(3);
    TaskToken token = TaskToken.parseFrom(task.getTaskToken());
    assertThat(token.getKind()).isEqualTo(TaskKind.TASK_KIND_QUERY);
    assertThat(token.getNamespaceId()).isEqualTo("ns");
    assertThat(token.getWorkflowId()).isEqualTo("wf-1");
    assertThat(token.getRunId()).isEqualTo(RUN);
    assertThat(token.getTaskQueue()).isEqualTo("orders");
    assertThat(token.getQueryId()).isNotEmpty();
    assertThat(history.calls).as("a query starts no workflow task").isEmpty();

    RespondQueryTaskCompletedRequest completed = answer(polled, "the answer");
    engine.respondQuery("ns", token.getQueryId(), completed.toByteString());
    assertThat(answered.get(5, TimeUnit.SECONDS)).isEqualTo(completed.toByteString());
    assertThat(engine.pendingQueries()).isZero();
    assertThat(store.createCalls()).as("never persisted").isZero();
  }

  @Test
  void aQueryWaitsForTheNextPollAndGoesAheadOfTheBacklog() throws Exception {
    engine.addTask(QUEUE, new NewTask("wf-backlog", RUN, 5, Duration.ZERO));
    CompletableFuture<ByteString> answered = queryAsync("wf-1", Duration.ofSeconds(10), PollCancellation.never());
    await().until(() -> engine.pendingQueries() == 1);

    ByteString first = engine.poll(QUEUE, POLL, LONG, PollCancellation.never());
    assertThat(PollWorkflowTaskQueueResponse.parseFrom(first).hasQuery()).isTrue();
    assertThat(engine.poll(QUEUE, POLL, LONG, PollCancellation.never())).isEqualTo(FakeHistory.response("workflow", "wf-backlog"));

    respond(first, "ok");
    assertThat(answered.get(5, TimeUnit.SECONDS)).isEqualTo(answer(first, "ok").toByteString());
  }

  @Test
  void withNoPollerTheQueryTimesOutAndALateAnswerIsNotFound() throws Exception {
    assertThat(queryAsync("wf-1", Duration.ofMillis(300), PollCancellation.never()))
        .failsWithin(Duration.ofSeconds(30)).withThrowableThat().withCauseInstanceOf(QueryTimeoutException.class)
        .withMessageContaining("no worker polled task queue orders").withMessageEndingWith("within 300 ms");
    assertThat(engine.pendingQueries()).isZero();

    assertThat(engine.poll(QUEUE, POLL, Duration.ofMillis(200), PollCancellation.never()))
        .as("the withdrawn query reaches no later poll").isEqualTo(ByteString.EMPTY);
  }

  @Test
  void aQueryIsBoundedByTheQueryTimeoutWhateverTheCallerAllows() {
    engine.close();
    engine = engine(MatchingSettings.defaults("test-host").withQueryTimeout(Duration.ofMillis(200)));
    // the wait the query chose is in its failure; a query that took the caller's 5 minutes would not end here
    assertThat(queryAsync("wf-1", Duration.ofMinutes(5), PollCancellation.never()))
        .failsWithin(Duration.ofSeconds(30)).withThrowableThat().withCauseInstanceOf(QueryTimeoutException.class)
        .withMessageEndingWith("within 200 ms");
  }

  @Test
  void aWorkerThatTakesTheQueryButNeverAnswersTimesItOut() throws Exception {
    CompletableFuture<ByteString> answered = queryAsync("wf-1", Duration.ofMillis(500), PollCancellation.never());
    ByteString polled = engine.poll(QUEUE, POLL, LONG, PollCancellation.never());

    assertThat(answered).failsWithin(Duration.ofSeconds(3)).withThrowableThat()
        .withCauseInstanceOf(QueryTimeoutException.class).withMessageContaining("did not answer");
    String queryId = TaskToken.parseFrom(PollWorkflowTaskQueueResponse.parseFrom(polled).getTaskToken()).getQueryId();
    assertThatThrownBy(() -> engine.respondQuery("ns", queryId, ByteString.EMPTY)).isInstanceOf(QueryNotFoundException.class);
  }

  @Test
  void anAnswerForAnotherNamespaceOrAnUnknownIdIsNotFound() throws Exception {
    CompletableFuture<ByteString> answered = queryAsync("wf-1", Duration.ofSeconds(10), PollCancellation.never());
    ByteString polled = engine.poll(QUEUE, POLL, LONG, PollCancellation.never());
    String queryId = TaskToken.parseFrom(PollWorkflowTaskQueueResponse.parseFrom(polled).getTaskToken()).getQueryId();

    assertThatThrownBy(() -> engine.respondQuery("other-ns", queryId, ByteString.EMPTY)).isInstanceOf(QueryNotFoundException.class);
    assertThatThrownBy(() -> engine.respondQuery("ns", "no-such-id", ByteString.EMPTY)).isInstanceOf(QueryNotFoundException.class);
    respond(polled, "ok");
    assertThat(answered.get(5, TimeUnit.SECONDS)).isNotEmpty();
    assertThatThrownBy(() -> respond(polled, "twice")).isInstanceOf(QueryNotFoundException.class);
  }

  @Test
  void aQueryHandedToAPollWhoseWorkerJustLeftGoesToTheNextPoll() throws Exception {
    TestCancellation gone = new TestCancellation();
    CompletableFuture<ByteString> goneWorker = pollAsync(gone);
    await().until(() -> engine.waitingPollers(QUEUE) == 1);
    gone.cancelSilently(); // the poll has not heard yet, so the query is handed to it

    CompletableFuture<ByteString> answered = queryAsync("wf-1", Duration.ofSeconds(10), PollCancellation.never());
    assertThat(goneWorker.get(5, TimeUnit.SECONDS)).isEqualTo(ByteString.EMPTY);

    ByteString polled = engine.poll(QUEUE, POLL, LONG, PollCancellation.never());
    assertThat(PollWorkflowTaskQueueResponse.parseFrom(polled).hasQuery()).isTrue();
    respond(polled, "ok");
    assertThat(answered.get(5, TimeUnit.SECONDS)).isEqualTo(answer(polled, "ok").toByteString());
  }

  @Test
  void aQueryWhoseCallerLeftIsWithdrawn() throws Exception {
    TestCancellation caller = new TestCancellation();
    CompletableFuture<ByteString> answered = queryAsync("wf-1", Duration.ofSeconds(10), caller);
    await().until(() -> engine.pendingQueries() == 1);

    caller.cancel();
    assertThat(answered).failsWithin(Duration.ofSeconds(3)).withThrowableThat().withCauseInstanceOf(CancellationException.class);
    assertThat(engine.poll(QUEUE, POLL, Duration.ofMillis(200), PollCancellation.never())).isEqualTo(ByteString.EMPTY);
    assertThat(engine.pendingQueries()).isZero();
  }

  @Test
  void aQueryWaitingWhenTheQueueLosesItsLeaseIsOfferedToTheNextManager() throws Exception {
    CompletableFuture<ByteString> answered = queryAsync("wf-1", Duration.ofSeconds(10), PollCancellation.never());
    await().until(() -> engine.loadedQueues() == 1 && engine.pendingQueries() == 1);
    store.acquireLease(QUEUE, "another-host");
    assertThatThrownBy(() -> engine.addTask(QUEUE, new NewTask("wf-2", RUN, 5, Duration.ZERO)))
        .isInstanceOf(TaskQueueLeaseLostException.class);

    ByteString polled = engine.poll(QUEUE, POLL, LONG, PollCancellation.never());
    assertThat(PollWorkflowTaskQueueResponse.parseFrom(polled).hasQuery()).as("re-offered to the new manager").isTrue();
    respond(polled, "ok");
    assertThat(answered.get(5, TimeUnit.SECONDS)).isNotEmpty();
  }

  @Test
  void concurrentQueriesAndPollsThatGetCancelledDeliverEveryQueryExactlyOnce() throws Exception {
    int queries = 120;
    List<String> delivered = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean done = new AtomicBoolean();
    ScheduledExecutorService cancels = Executors.newSingleThreadScheduledExecutor();
    List<CompletableFuture<Void>> workers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      workers.add(CompletableFuture.runAsync(() -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!done.get()) {
          TestCancellation cancellation = new TestCancellation();
          int fate = random.nextInt(4);
          if (fate < 2) {
            cancels.schedule(fate == 0 ? cancellation::cancel : cancellation::cancelSilently, random.nextInt(3),
                TimeUnit.MILLISECONDS);
          }
          ByteString polled = engine.poll(QUEUE, POLL, Duration.ofMillis(100), cancellation);
          if (!polled.isEmpty()) {
            try {
              delivered.add(TaskToken.parseFrom(PollWorkflowTaskQueueResponse.parseFrom(polled).getTaskToken()).getQueryId());
              respond(polled, "ok");
            } catch (InvalidProtocolBufferException e) {
              throw new AssertionError(e);
            }
          }
        }
      }, threads));
    }
    List<CompletableFuture<ByteString>> answers = new ArrayList<>();
    for (int i = 0; i < queries; i++) {
      answers.add(queryAsync("wf-" + i, Duration.ofSeconds(20), PollCancellation.never()));
    }
    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    done.set(true);
    CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    cancels.shutdownNow();

    assertThat(delivered).hasSize(queries).doesNotHaveDuplicates();
    assertThat(engine.pendingQueries()).isZero();
  }

  private MatchingEngine engine(MatchingSettings settings) {
    return new MatchingEngine(store, new TaskStarter(history), settings, new MutableClock());
  }

  private ByteString query(String workflowId, Duration maxWait, PollCancellation cancellation) {
    return engine.query(QUEUE, workflowId, RUN, preparedTask(workflowId), query("state"), maxWait, cancellation);
  }

  private CompletableFuture<ByteString> queryAsync(String workflowId, Duration maxWait, PollCancellation cancellation) {
    return CompletableFuture.supplyAsync(() -> query(workflowId, maxWait, cancellation), threads);
  }

  private CompletableFuture<ByteString> pollAsync(PollCancellation cancellation) {
    return CompletableFuture.supplyAsync(() -> engine.poll(QUEUE, POLL, LONG, cancellation), threads);
  }

  private void respond(ByteString polled, String result) throws InvalidProtocolBufferException {
    RespondQueryTaskCompletedRequest completed = answer(polled, result);
    engine.respondQuery("ns", TaskToken.parseFrom(completed.getTaskToken()).getQueryId(), completed.toByteString());
  }
}
