package dev.conduit.history.api.getworkflowhistory;

import static dev.conduit.history.testing.Commands.completeWorkflow;
import static dev.conduit.history.testing.Commands.startTimer;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.conduit.history.HistoryConfig;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.WorkflowKey;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Paging and the long-poll forms the SDK uses to wait for a result. A long poll times out only when the
 * test moves the env's clock ({@link HistoryTestEnv#advance}), so "still waiting" and "answered by the
 * timeout" are facts the test sets up, not races against the machine's speed.
 */
class GetWorkflowHistoryTest {
  private static final Duration LONG_POLL = Duration.ofSeconds(60);
  /** How long a wait took on the real clock cannot come near this, so the real clock never decides. */
  private static final Duration WELL_BEFORE = Duration.ofSeconds(30);

  private final HistoryTestEnv env = new HistoryTestEnv(HistoryConfig.defaults()
      .withLongPollTimeout(LONG_POLL)
      .withQueueTiming(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ZERO), 2);

  @AfterEach
  void close() {
    env.close();
  }

  private GetWorkflowExecutionHistoryRequest.Builder request(WorkflowKey key) {
    return GetWorkflowExecutionHistoryRequest.newBuilder()
        .setNamespace(HistoryTestEnv.NAMESPACE)
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(key.workflowId()).setRunId(key.runId()));
  }

  private CompletableFuture<GetWorkflowExecutionHistoryResponse> call(GetWorkflowExecutionHistoryRequest.Builder r) {
    return env.history.invoke(HistoryTestEnv.NAMESPACE_ID, r.build(), null);
  }

  private GetWorkflowExecutionHistoryRequest.Builder closeEventWait(WorkflowKey key) {
    return request(key).setWaitNewEvent(true)
        .setHistoryEventFilterType(HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT);
  }

  @Test
  void closeEventWaitAnswersWithTheCloseEventAsSoonAsTheRunCloses() throws Exception {
    WorkflowKey key = env.startWorkflow("h-1");
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(key);
    CompletableFuture<GetWorkflowExecutionHistoryResponse> waiting = call(closeEventWait(key));
    assertThat(waiting).isNotDone();
    assertThat(env.shard(key).notifier().waiterCount(key)).as("waits on the run's changes").isEqualTo(1);

    env.completeWorkflowTask(task, completeWorkflow("result"));
    // the clock stands still, so the timeout cannot answer: only the close can
    GetWorkflowExecutionHistoryResponse response = waiting.get(10, TimeUnit.SECONDS);
    assertThat(response.getHistory().getEventsList()).extracting(HistoryEvent::getEventType)
        .containsExactly(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    assertThat(response.getNextPageToken().isEmpty()).isTrue();
  }

  @Test
  void closeEventWaitAnswersEmptyWithATokenBeforeTheDeadlineAndTheTokenWaitsAgain() throws Exception {
    WorkflowKey key = env.startWorkflow("h-2");
    CompletableFuture<GetWorkflowExecutionHistoryResponse> waiting = call(closeEventWait(key));
    env.advance(LONG_POLL.minus(WELL_BEFORE));
    assertThat(waiting).as("still within the long-poll timeout").isNotDone();
    env.advance(WELL_BEFORE);
    assertThat(waiting).as("answered when the long-poll timeout passed").isDone();
    GetWorkflowExecutionHistoryResponse empty = waiting.join();
    assertThat(empty.getHistory().getEventsCount()).isZero();
    assertThat(empty.getNextPageToken().isEmpty()).isFalse();

    CompletableFuture<GetWorkflowExecutionHistoryResponse> again = call(closeEventWait(key)
        .setNextPageToken(empty.getNextPageToken()));
    assertThat(again).as("the token waits again").isNotDone();
    env.completeWorkflowTask(env.pollWorkflowTask(key), completeWorkflow("late"));
    assertThat(again.get(10, TimeUnit.SECONDS).getHistory().getEvents(0).getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  }

  @Test
  void callDeadlineShorterThanTheLongPollTimeoutIsRespected() throws Exception {
    HistoryTestEnv slow = new HistoryTestEnv(HistoryConfig.defaults().withLongPollTimeout(Duration.ofMinutes(10)), 1);
    try {
      WorkflowKey key = slow.startWorkflow("h-3");
      // a caller with 60 s left gets its answer a second (the margin) before its deadline, at 59 s
      CompletableFuture<GetWorkflowExecutionHistoryResponse> waiting = slow.history.invoke(HistoryTestEnv.NAMESPACE_ID,
          closeEventWait(key).build(), Duration.ofSeconds(60));
      slow.advance(Duration.ofSeconds(59).minus(WELL_BEFORE));
      assertThat(waiting).isNotDone();
      slow.advance(WELL_BEFORE);
      assertThat(waiting).as("answered a second before the caller's deadline").isDone();
      GetWorkflowExecutionHistoryResponse response = waiting.join();
      assertThat(response.getHistory().getEventsCount()).isZero();
      assertThat(response.getNextPageToken().isEmpty()).isFalse();
    } finally {
      slow.close();
    }
  }

  @Test
  void closedRunAnswersAtOnceWithoutWaiting() throws Exception {
    WorkflowKey key = env.startWorkflow("h-4");
    env.completeWorkflowTask(env.pollWorkflowTask(key), completeWorkflow("r"));
    CompletableFuture<GetWorkflowExecutionHistoryResponse> answer = call(closeEventWait(key));
    assertThat(answer).as("answered within the call, before any time passed").isDone();
    assertThat(answer.join().getHistory().getEventsCount()).isEqualTo(1);
    assertThat(env.scheduler.pending()).as("no timeout was set").isZero();
  }

  @Test
  void smallPagesReturnTheWholeHistoryInOrder() {
    WorkflowKey key = env.startWorkflow("h-5");
    for (int i = 0; i < 4; i++) {
      env.completeWorkflowTask(env.pollWorkflowTask(key), startTimer("t" + i, Duration.ofSeconds(1)));
      env.advance(Duration.ofSeconds(1));
    }
    List<HistoryEvent> paged = new ArrayList<>();
    ByteString token = ByteString.EMPTY;
    int pages = 0;
    do {
      GetWorkflowExecutionHistoryResponse page = call(request(key).setMaximumPageSize(1).setNextPageToken(token)).join();
      paged.addAll(page.getHistory().getEventsList());
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty());
    assertThat(pages).isGreaterThan(3);
    assertThat(paged).isEqualTo(env.events(key));
    for (int i = 0; i < paged.size(); i++) {
      assertThat(paged.get(i).getEventId()).isEqualTo(i + 1);
    }
  }

  @Test
  void allEventsWaitReturnsNewEventsAfterTheToken() throws Exception {
    WorkflowKey key = env.startWorkflow("h-6");
    GetWorkflowExecutionHistoryResponse first = call(request(key).setWaitNewEvent(true)).join();
    assertThat(first.getHistory().getEventsCount()).isEqualTo(2);
    CompletableFuture<GetWorkflowExecutionHistoryResponse> next = call(request(key).setWaitNewEvent(true)
        .setNextPageToken(first.getNextPageToken()));
    assertThat(next).isNotDone();
    assertThat(env.shard(key).notifier().waiterCount(key)).as("waits on the run's changes").isEqualTo(1);
    env.pollWorkflowTask(key);
    GetWorkflowExecutionHistoryResponse started = next.get(10, TimeUnit.SECONDS);
    assertThat(started.getHistory().getEventsList()).extracting(HistoryEvent::getEventType)
        .containsExactly(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
  }

  @Test
  void emptyRunIdReadsTheCurrentRun() {
    WorkflowKey key = env.startWorkflow("h-7");
    GetWorkflowExecutionHistoryResponse response = call(GetWorkflowExecutionHistoryRequest.newBuilder()
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(key.workflowId()))).join();
    assertThat(response.getHistory().getEventsCount()).isEqualTo(2);
  }

  @Test
  void waiterRegistrationIsRemovedAfterATimeout() throws Exception {
    WorkflowKey key = env.startWorkflow("h-8");
    CompletableFuture<GetWorkflowExecutionHistoryResponse> waiting = call(closeEventWait(key));
    assertThat(env.shard(key).notifier().waiterCount(key)).isEqualTo(1);

    env.advance(LONG_POLL);
    assertThat(waiting).isDone();
    assertThat(env.shard(key).notifier().waiterCount(key)).isZero();
  }
}
