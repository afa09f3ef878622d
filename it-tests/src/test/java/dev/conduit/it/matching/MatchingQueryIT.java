package dev.conduit.it.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.matching.MatchingServer;
import dev.conduit.persistence.matching.TaskQueueId;
import dev.conduit.proto.matching.v1.AddTaskRequest;
import dev.conduit.proto.matching.v1.MatchingServiceGrpc;
import dev.conduit.proto.matching.v1.PollRequest;
import dev.conduit.proto.matching.v1.PollWorkflowTaskQueueResponse;
import dev.conduit.proto.matching.v1.QueryWorkflowRequest;
import dev.conduit.proto.matching.v1.QueryWorkflowResponse;
import dev.conduit.proto.matching.v1.RespondQueryTaskCompletedRequest;
import dev.conduit.proto.matching.v1.TaskQueueKey;
import dev.conduit.proto.matching.v1.TaskQueueType;
import dev.conduit.proto.token.v1.TaskKind;
import dev.conduit.proto.token.v1.TaskToken;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.QueryResultType;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Query tasks through the matching service as its own gRPC server on the launcher's Cassandra: a query
 * goes ahead of a durable backlog, its answer travels back by query id, nothing is written for it, and
 * a query nobody takes fails DEADLINE_EXCEEDED before its caller's deadline. Measured round trip.
 */
class MatchingQueryIT {
  private static MatchingServerFixture fixture;
  private static MatchingKeyspace keyspace;
  private static CqlSession session;
  private static RecordingHistory history;
  private static MatchingServer matching;
  private static MatchingServiceGrpc.MatchingServiceBlockingStub stub;
  private static MatchingServiceGrpc.MatchingServiceFutureStub futureStub;

  @BeforeAll
  static void start() throws Exception {
    fixture = new MatchingServerFixture(Duration.ofSeconds(2));
    keyspace = fixture.keyspace;
    session = fixture.session;
    history = fixture.history;
    matching = fixture.matching;
    stub = fixture.stub;
    futureStub = fixture.futureStub;
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void aQueryGoesAheadOfTheBacklogAndTheWorkersAnswerComesBack() throws Exception {
    TaskQueueKey queue = newQueue();
    for (int i = 0; i < 30; i++) {
      assertThat(stub.addWorkflowTask(AddTaskRequest.newBuilder().setTaskQueue(queue).setWorkflowId("wf-backlog-" + i)
          .setRunId("run-1").setScheduledEventId(5).build()).getSyncMatched()).isFalse();
    }
    ListenableFuture<QueryWorkflowResponse> answered = futureStub.withDeadlineAfter(10, TimeUnit.SECONDS).queryWorkflow(query(queue));
    await().atMost(Duration.ofSeconds(5)).until(() -> matching.engine().pendingQueries() == 1);

    io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse task = decode(stub.pollWorkflowTaskQueue(poll(queue)));
    assertThat(task.getQuery().getQueryType()).isEqualTo("status");
    TaskToken token = TaskToken.parseFrom(task.getTaskToken());
    assertThat(token.getKind()).isEqualTo(TaskKind.TASK_KIND_QUERY);
    assertThat(token.getTaskQueue()).isEqualTo(queue.getName());
    ByteString completed = respond(queue, task.getTaskToken(), "answered");

    assertThat(answered.get(5, TimeUnit.SECONDS).getCompleted()).isEqualTo(completed);
    assertThat(decode(stub.pollWorkflowTaskQueue(poll(queue))).getWorkflowExecution().getWorkflowId()).isEqualTo("wf-backlog-0");
    assertThat(keyspace.strings("SELECT workflow_id FROM {ks}.task_queues WHERE namespace_id = ? AND task_queue_name = ?"
        + " AND task_queue_type = 1 AND task_queue_kind = 1", queue.getNamespaceId(), queue.getName()))
        .as("only the backlog was written").hasSize(30).doesNotContain("wf-query");
  }

  @Test
  void aQueryNoWorkerTakesFailsDeadlineExceededBeforeTheCallersDeadline() {
    TaskQueueKey queue = newQueue();
    StatusRuntimeException e = catchThrowableOfType(
        () -> stub.withDeadlineAfter(2, TimeUnit.SECONDS).queryWorkflow(query(queue)), StatusRuntimeException.class);

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    // the server's own answer (the client's deadline would not carry this description)
    assertThat(e.getStatus().getDescription()).contains("no worker polled task queue");
    await().atMost(Duration.ofSeconds(5)).until(() -> matching.engine().pendingQueries() == 0);
  }

  @Test
  void aQueryIsNotSwallowedByAPollTheWorkerCancelled() throws Exception {
    TaskQueueKey queue = newQueue();
    ListenableFuture<PollWorkflowTaskQueueResponse> gone = futureStub.pollWorkflowTaskQueue(poll(queue));
    awaitWaitingPollers(queue, 1);
    gone.cancel(true);
    awaitWaitingPollers(queue, 0);

    ListenableFuture<QueryWorkflowResponse> answered = futureStub.withDeadlineAfter(10, TimeUnit.SECONDS).queryWorkflow(query(queue));
    io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse task = decode(stub.pollWorkflowTaskQueue(poll(queue)));
    ByteString completed = respond(queue, task.getTaskToken(), "still here");
    assertThat(answered.get(5, TimeUnit.SECONDS).getCompleted()).isEqualTo(completed);
  }

  @Test
  void measuresTheQueryRoundTripThroughAWaitingPoller() throws Exception {
    TaskQueueKey queue = newQueue();
    int rounds = 100;
    long[] nanos = new long[rounds];
    for (int i = 0; i < rounds; i++) {
      ListenableFuture<PollWorkflowTaskQueueResponse> poll = futureStub.pollWorkflowTaskQueue(poll(queue));
      awaitWaitingPollers(queue, 1);
      long begin = System.nanoTime();
      ListenableFuture<QueryWorkflowResponse> answered = futureStub.withDeadlineAfter(10, TimeUnit.SECONDS).queryWorkflow(query(queue));
      respond(queue, decode(poll.get(5, TimeUnit.SECONDS)).getTaskToken(), "round " + i);
      answered.get(5, TimeUnit.SECONDS);
      nanos[i] = System.nanoTime() - begin;
    }
    Arrays.sort(nanos);
    System.out.printf("MATCHING-METRICS query round trip (QueryWorkflow -> waiting poll -> RespondQueryTaskCompleted -> answer): "
        + "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms over %d rounds%n",
        nanos[rounds / 2] / 1e6, nanos[rounds * 9 / 10] / 1e6, nanos[rounds * 99 / 100] / 1e6, rounds);
    assertThat(matching.engine().pendingQueries()).isZero();
  }

  private static TaskQueueKey newQueue() {
    return TaskQueueKey.newBuilder().setNamespaceId(UUID.randomUUID().toString()).setName("query-it")
        .setType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW).build();
  }

  private static QueryWorkflowRequest query(TaskQueueKey queue) {
    io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse prepared =
        io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse.newBuilder()
            .setWorkflowType(WorkflowType.newBuilder().setName("Checkout"))
            .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId("wf-query").setRunId("run-1"))
            .build();
    return QueryWorkflowRequest.newBuilder().setTaskQueue(queue).setWorkflowId("wf-query").setRunId("run-1")
        .setTask(prepared.toByteString())
        .setQuery(WorkflowQuery.newBuilder().setQueryType("status").build().toByteString())
        .build();
  }

  private static ByteString respond(TaskQueueKey queue, ByteString taskToken, String message) {
    ByteString completed = io.temporal.api.workflowservice.v1.RespondQueryTaskCompletedRequest.newBuilder()
        .setTaskToken(taskToken).setCompletedType(QueryResultType.QUERY_RESULT_TYPE_FAILED).setErrorMessage(message)
        .build().toByteString();
    stub.respondQueryTaskCompleted(RespondQueryTaskCompletedRequest.newBuilder().setNamespaceId(queue.getNamespaceId())
        .setRequest(completed).build());
    return completed;
  }

  private static PollRequest poll(TaskQueueKey queue) {
    PollWorkflowTaskQueueRequest request = PollWorkflowTaskQueueRequest.newBuilder().setNamespace("default").setIdentity("it-worker").build();
    return PollRequest.newBuilder().setTaskQueue(queue).setRequest(request.toByteString()).setPollerId("it-worker").build();
  }

  private static void awaitWaitingPollers(TaskQueueKey queue, int count) {
    TaskQueueId id = new TaskQueueId(queue.getNamespaceId(), queue.getName(), queue.getType(), queue.getSticky());
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1)).until(() -> matching.engine().waitingPollers(id) == count);
  }

  private static io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse decode(PollWorkflowTaskQueueResponse response) {
    assertThat(response.getResponse().isEmpty()).as("a task, not an empty answer").isFalse();
    try {
      return io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse.parseFrom(response.getResponse());
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
