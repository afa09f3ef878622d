package dev.conduit.history.api.queryworkflow;

import static dev.conduit.history.testing.Commands.completeWorkflow;
import static dev.conduit.history.testing.Commands.failWorkflow;
import static dev.conduit.history.testing.Commands.payload;
import static dev.conduit.history.testing.Commands.startTimer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.conduit.history.errors.QueryFailedException;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.matching.v1.QueryWorkflowRequest;
import dev.conduit.proto.matching.v1.TaskQueueType;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.QueryRejectCondition;
import io.temporal.api.enums.v1.QueryResultType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import io.temporal.api.workflowservice.v1.RespondQueryTaskCompletedRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** QueryWorkflow: reject conditions, the query task handed to matching, and the worker's answer. */
class QueryWorkflowTest {
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  private QueryWorkflowResponse query(String workflowId, QueryRejectCondition condition) {
    return env.query.invoke(HistoryTestEnv.NAMESPACE_ID, io.temporal.api.workflowservice.v1.QueryWorkflowRequest
        .newBuilder()
        .setNamespace(HistoryTestEnv.NAMESPACE)
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
        .setQuery(WorkflowQuery.newBuilder().setQueryType("status").setQueryArgs(payload("arg")))
        .setQueryRejectCondition(condition)
        .build(), Duration.ofSeconds(10));
  }

  private void answerWith(String result) {
    env.matching.answerQueries(request -> RespondQueryTaskCompletedRequest.newBuilder()
        .setCompletedType(QueryResultType.QUERY_RESULT_TYPE_ANSWERED)
        .setQueryResult(payload(result))
        .build());
  }

  private static PollWorkflowTaskQueueResponse task(QueryWorkflowRequest request) throws Exception {
    return PollWorkflowTaskQueueResponse.parseFrom(request.getTask());
  }

  @Test
  void aRunningWorkflowIsQueriedThroughATaskWithItsFullHistory() throws Exception {
    WorkflowKey key = env.startWorkflow("q-running");
    env.completeWorkflowTask(env.pollWorkflowTask(key), startTimer("t", Duration.ofHours(1)));
    answerWith("all good");

    QueryWorkflowResponse response = query("q-running", QueryRejectCondition.QUERY_REJECT_CONDITION_NONE);

    assertThat(response.getQueryResult()).isEqualTo(payload("all good"));
    QueryWorkflowRequest sent = env.matching.queries().get(0);
    assertThat(sent.getTaskQueue().getName()).isEqualTo(HistoryTestEnv.TASK_QUEUE);
    assertThat(sent.getTaskQueue().getType()).isEqualTo(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW);
    assertThat(sent.getTaskQueue().getSticky()).isFalse();
    assertThat(sent.getRunId()).isEqualTo(key.runId());
    assertThat(WorkflowQuery.parseFrom(sent.getQuery()).getQueryType()).isEqualTo("status");
    PollWorkflowTaskQueueResponse task = task(sent);
    assertThat(task.getHistory().getEventsList()).extracting(HistoryEvent::getEventId).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(task.getWorkflowType().getName()).isEqualTo("OrderWorkflow");
    assertThat(task.getPreviousStartedEventId()).isEqualTo(3);
    assertThat(task.getStartedEventId()).isZero();
    assertThat(task.getTaskToken().isEmpty()).as("matching sets the query task token").isTrue();
  }

  @Test
  void aStickyRunIsQueriedOnItsWorkersStickyQueueWithTheHistoryAfterItsLastTask() throws Exception {
    WorkflowKey key = env.startWorkflow("q-sticky");
    env.completeWorkflowTaskSticky(env.pollWorkflowTask(key), startTimer("t", Duration.ofHours(1)));
    answerWith("from the cache");

    QueryWorkflowResponse response = query("q-sticky", QueryRejectCondition.QUERY_REJECT_CONDITION_NONE);

    assertThat(response.getQueryResult()).isEqualTo(payload("from the cache"));
    assertThat(env.matching.queries()).hasSize(1);
    QueryWorkflowRequest sent = env.matching.queries().get(0);
    assertThat(sent.getTaskQueue().getName()).isEqualTo(HistoryTestEnv.STICKY_QUEUE);
    assertThat(sent.getTaskQueue().getSticky()).isTrue();
    PollWorkflowTaskQueueResponse task = task(sent);
    assertThat(task.getPreviousStartedEventId()).isEqualTo(3);
    // the sticky worker has events 1..3 cached; it gets the completion and what the completion wrote
    assertThat(task.getHistory().getEventsList()).extracting(HistoryEvent::getEventId).containsExactly(4L, 5L);
  }

  @Test
  void aStickyQueueNobodyPollsGivesTheQueryToTheNormalQueueAndDropsStickiness() throws Exception {
    WorkflowKey key = env.startWorkflow("q-sticky-gone");
    env.completeWorkflowTaskSticky(env.pollWorkflowTask(key), startTimer("t", Duration.ofHours(1)));
    // the worker that cached the run went away: nobody takes the task from its sticky queue
    env.matching.answerQueries(request -> {
      if (request.getTaskQueue().getSticky()) {
        throw io.grpc.Status.DEADLINE_EXCEEDED.withDescription("no poller took it (test)").asRuntimeException();
      }
      return RespondQueryTaskCompletedRequest.newBuilder()
          .setCompletedType(QueryResultType.QUERY_RESULT_TYPE_ANSWERED).setQueryResult(payload("replayed")).build();
    });

    QueryWorkflowResponse response = query("q-sticky-gone", QueryRejectCondition.QUERY_REJECT_CONDITION_NONE);

    assertThat(response.getQueryResult()).isEqualTo(payload("replayed"));
    assertThat(env.matching.queries()).extracting(q -> q.getTaskQueue().getSticky()).containsExactly(true, false);
    QueryWorkflowRequest normal = env.matching.queries().get(1);
    assertThat(normal.getTaskQueue().getName()).isEqualTo(HistoryTestEnv.TASK_QUEUE);
    assertThat(task(normal).getHistory().getEventsList()).extracting(HistoryEvent::getEventId)
        .containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(env.shard(key).read(key).getExecutionInfo().getStickyTaskQueue()).as("stickiness dropped").isEmpty();

    // the next query goes straight to the normal queue
    query("q-sticky-gone", QueryRejectCondition.QUERY_REJECT_CONDITION_NONE);
    assertThat(env.matching.queries()).extracting(q -> q.getTaskQueue().getSticky()).containsExactly(true, false, false);
  }

  @Test
  void aQueryWaitsForTheWorkflowTaskInFlightSoTheWorkerReplaysACleanHistory() throws Exception {
    WorkflowKey key = env.startWorkflow("q-busy");
    PollWorkflowTaskQueueResponse running = env.pollWorkflowTask(key);
    answerWith("after task");

    CompletableFuture<QueryWorkflowResponse> pending = CompletableFuture.supplyAsync(
        () -> query("q-busy", QueryRejectCondition.QUERY_REJECT_CONDITION_NONE));
    // the query waits on the run's changes; its bounded wait cannot end, as the env's clock stands still
    await().atMost(Duration.ofSeconds(30)).until(() -> env.shard(key).notifier().waiterCount(key) == 1);
    assertThat(pending).isNotDone();
    assertThat(env.matching.queries()).as("no query task while the workflow task is in flight").isEmpty();
    env.completeWorkflowTask(running, startTimer("t", Duration.ofHours(1)));

    assertThat(pending.get(30, TimeUnit.SECONDS).getQueryResult()).isEqualTo(payload("after task"));
    assertThat(task(env.matching.queries().get(0)).getHistory().getEventsList()).last()
        .extracting(HistoryEvent::getEventType).isEqualTo(EventType.EVENT_TYPE_TIMER_STARTED);
  }

  @Test
  void mostOfTheCallersTimeMayGoToWaitingForTheWorkflowTask() {
    // the Java SDK's query deadline is 10 s; five 1 s local activities run inside one workflow task
    assertThat(QueryWorkflow.taskReserve(Duration.ofMillis(9_500))).isEqualTo(Duration.ofMillis(1_900));
    assertThat(Duration.ofMillis(9_500).minus(QueryWorkflow.taskReserve(Duration.ofMillis(9_500))))
        .isGreaterThan(Duration.ofSeconds(5));
    assertThat(QueryWorkflow.taskReserve(Duration.ofSeconds(2))).as("at least a second for the task itself")
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void rejectConditionsAnswerWithTheStatusInsteadOfAskingAWorker() {
    WorkflowKey failed = env.startWorkflow("q-failed");
    env.completeWorkflowTask(env.pollWorkflowTask(failed), failWorkflow("broken"));
    WorkflowKey completed = env.startWorkflow("q-completed");
    env.completeWorkflowTask(env.pollWorkflowTask(completed), completeWorkflow("fine"));
    answerWith("closed but answered");

    assertThat(query("q-failed", QueryRejectCondition.QUERY_REJECT_CONDITION_NOT_OPEN).getQueryRejected().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED);
    assertThat(query("q-failed", QueryRejectCondition.QUERY_REJECT_CONDITION_NOT_COMPLETED_CLEANLY)
        .getQueryRejected().getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED);
    assertThat(query("q-completed", QueryRejectCondition.QUERY_REJECT_CONDITION_NOT_OPEN).getQueryRejected()
        .getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    assertThat(env.matching.queries()).isEmpty();

    QueryWorkflowResponse cleanly = query("q-completed", QueryRejectCondition.QUERY_REJECT_CONDITION_NOT_COMPLETED_CLEANLY);
    assertThat(cleanly.hasQueryRejected()).isFalse();
    assertThat(cleanly.getQueryResult()).isEqualTo(payload("closed but answered"));
    assertThat(query("q-failed", QueryRejectCondition.QUERY_REJECT_CONDITION_NONE).getQueryResult())
        .isEqualTo(payload("closed but answered"));
  }

  @Test
  void aQueryTheWorkerFailsIsAQueryFailure() {
    WorkflowKey key = env.startWorkflow("q-fails");
    env.completeWorkflowTask(env.pollWorkflowTask(key), startTimer("t", Duration.ofHours(1)));
    env.matching.answerQueries(request -> RespondQueryTaskCompletedRequest.newBuilder()
        .setCompletedType(QueryResultType.QUERY_RESULT_TYPE_FAILED)
        .setErrorMessage("unknown query type status")
        .setFailure(Failure.newBuilder().setMessage("unknown query type status"))
        .build());

    assertThatThrownBy(() -> query("q-fails", QueryRejectCondition.QUERY_REJECT_CONDITION_NONE))
        .isInstanceOf(QueryFailedException.class).hasMessage("unknown query type status")
        .satisfies(e -> assertThat(((QueryFailedException) e).failure().getMessage()).isEqualTo("unknown query type status"));
  }
}
