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

/** Paging and the long-poll forms the SDK uses to wait for a result. */
class GetWorkflowHistoryTest {
  private final HistoryTestEnv env = new HistoryTestEnv(HistoryConfig.defaults()
      .withLongPollTimeout(Duration.ofMillis(300))
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
    Thread.sleep(50);
    assertThat(waiting).isNotDone();

    long started = System.nanoTime();
    env.completeWorkflowTask(task, completeWorkflow("result"));
    GetWorkflowExecutionHistoryResponse response = waiting.get(2, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(250));
    assertThat(response.getHistory().getEventsList()).extracting(HistoryEvent::getEventType)
        .containsExactly(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    assertThat(response.getNextPageToken().isEmpty()).isTrue();
  }

  @Test
  void closeEventWaitAnswersEmptyWithATokenBeforeTheDeadlineAndTheTokenWaitsAgain() throws Exception {
    WorkflowKey key = env.startWorkflow("h-2");
    long started = System.nanoTime();
    GetWorkflowExecutionHistoryResponse empty = call(closeEventWait(key)).get(2, TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(250)).isLessThan(Duration.ofSeconds(2));
    assertThat(empty.getHistory().getEventsCount()).isZero();
    assertThat(empty.getNextPageToken().isEmpty()).isFalse();

    CompletableFuture<GetWorkflowExecutionHistoryResponse> again = call(closeEventWait(key)
        .setNextPageToken(empty.getNextPageToken()));
    env.completeWorkflowTask(env.pollWorkflowTask(key), completeWorkflow("late"));
    assertThat(again.get(2, TimeUnit.SECONDS).getHistory().getEvents(0).getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  }

  @Test
  void callDeadlineShorterThanTheLongPollTimeoutIsRespected() throws Exception {
    HistoryTestEnv slow = new HistoryTestEnv(HistoryConfig.defaults().withLongPollTimeout(Duration.ofSeconds(60)), 1);
    try {
      WorkflowKey key = slow.startWorkflow("h-3");
      long started = System.nanoTime();
      GetWorkflowExecutionHistoryResponse response = slow.history.invoke(HistoryTestEnv.NAMESPACE_ID,
          closeEventWait(key).build(), Duration.ofMillis(1_400)).get(5, TimeUnit.SECONDS);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_300));
      assertThat(response.getNextPageToken().isEmpty()).isFalse();
    } finally {
      slow.close();
    }
  }

  @Test
  void closedRunAnswersAtOnceWithoutWaiting() throws Exception {
    WorkflowKey key = env.startWorkflow("h-4");
    env.completeWorkflowTask(env.pollWorkflowTask(key), completeWorkflow("r"));
    GetWorkflowExecutionHistoryResponse response = call(closeEventWait(key)).get(100, TimeUnit.MILLISECONDS);
    assertThat(response.getHistory().getEventsCount()).isEqualTo(1);
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
    Thread.sleep(50);
    assertThat(next).isNotDone();
    env.pollWorkflowTask(key);
    GetWorkflowExecutionHistoryResponse started = next.get(2, TimeUnit.SECONDS);
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
    call(closeEventWait(key)).get(2, TimeUnit.SECONDS);
    Thread.sleep(50);
    assertThat(env.shard(key).notifier().waiterCount(key)).isZero();
  }
}
