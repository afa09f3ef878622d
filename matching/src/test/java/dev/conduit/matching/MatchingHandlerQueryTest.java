package dev.conduit.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import dev.conduit.matching.history.TaskStarter;
import dev.conduit.matching.queue.InMemoryTaskQueueStore;
import dev.conduit.proto.matching.v1.MatchingServiceGrpc;
import dev.conduit.proto.matching.v1.PollRequest;
import dev.conduit.proto.matching.v1.QueryWorkflowRequest;
import dev.conduit.proto.matching.v1.QueryWorkflowResponse;
import dev.conduit.proto.matching.v1.RespondQueryTaskCompletedRequest;
import dev.conduit.proto.matching.v1.TaskQueueKey;
import dev.conduit.proto.matching.v1.TaskQueueType;
import dev.conduit.proto.token.v1.TaskKind;
import dev.conduit.proto.token.v1.TaskToken;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.temporal.api.enums.v1.QueryResultType;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** QueryWorkflow and RespondQueryTaskCompleted over an in-process transport: the round trip, validation, deadlines. */
class MatchingHandlerQueryTest {
  private static final TaskQueueKey WORKFLOW_QUEUE = TaskQueueKey.newBuilder().setNamespaceId("ns").setName("orders")
      .setType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW).build();

  private final InMemoryTaskQueueStore store = new InMemoryTaskQueueStore();
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private MatchingEngine engine;
  private Server server;
  private ManagedChannel channel;
  private MatchingServiceGrpc.MatchingServiceBlockingStub stub;

  @BeforeEach
  void start() throws Exception {
    engine = new MatchingEngine(store, new TaskStarter(new FakeHistory()), MatchingSettings.defaults("test"), Clock.systemUTC());
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).executor(executor)
        .addService(new MatchingHandler(engine, Duration.ofSeconds(60))).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
    stub = MatchingServiceGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    engine.close();
    executor.shutdownNow();
  }

  private static QueryWorkflowRequest.Builder query() {
    return QueryWorkflowRequest.newBuilder()
        .setTaskQueue(WORKFLOW_QUEUE)
        .setWorkflowId("wf-1")
        .setRunId(MatchingEngineQueryTest.RUN)
        .setTask(MatchingEngineQueryTest.preparedTask("wf-1").toByteString())
        .setQuery(MatchingEngineQueryTest.query("state").toByteString());
  }

  @Test
  void theWorkersAnswerTravelsBackToTheQueryCaller() throws Exception {
    ListenableFuture<QueryWorkflowResponse> answered =
        MatchingServiceGrpc.newFutureStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).queryWorkflow(query().build());
    await().until(() -> engine.pendingQueries() == 1);

    ByteString polled = stub.pollWorkflowTaskQueue(PollRequest.newBuilder().setTaskQueue(WORKFLOW_QUEUE).build()).getResponse();
    PollWorkflowTaskQueueResponse task = PollWorkflowTaskQueueResponse.parseFrom(polled);
    assertThat(task.getQuery().getQueryType()).isEqualTo("state");
    var completed = io.temporal.api.workflowservice.v1.RespondQueryTaskCompletedRequest.newBuilder()
        .setTaskToken(task.getTaskToken()).setCompletedType(QueryResultType.QUERY_RESULT_TYPE_ANSWERED).build();
    stub.respondQueryTaskCompleted(RespondQueryTaskCompletedRequest.newBuilder().setNamespaceId("ns")
        .setRequest(completed.toByteString()).build());

    assertThat(answered.get(5, TimeUnit.SECONDS).getCompleted()).isEqualTo(completed.toByteString());
  }

  @Test
  void aQueryOnAStickyQueueReachesItsPollerAndItsTokenNamesThatQueue() throws Exception {
    TaskQueueKey sticky = WORKFLOW_QUEUE.toBuilder().setName("worker-1:sticky").setSticky(true).build();
    ListenableFuture<QueryWorkflowResponse> answered = MatchingServiceGrpc.newFutureStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS).queryWorkflow(query().setTaskQueue(sticky).build());
    await().until(() -> engine.pendingQueries() == 1);

    ByteString polled = stub.pollWorkflowTaskQueue(PollRequest.newBuilder().setTaskQueue(sticky).build()).getResponse();
    PollWorkflowTaskQueueResponse task = PollWorkflowTaskQueueResponse.parseFrom(polled);
    TaskToken token = TaskToken.parseFrom(task.getTaskToken());
    // the frontend routes the answer by these two: the sticky queue's own place on the ring
    assertThat(token.getTaskQueue()).isEqualTo("worker-1:sticky");
    assertThat(token.getTaskQueueSticky()).isTrue();
    var completed = io.temporal.api.workflowservice.v1.RespondQueryTaskCompletedRequest.newBuilder()
        .setTaskToken(task.getTaskToken()).setCompletedType(QueryResultType.QUERY_RESULT_TYPE_ANSWERED).build();
    stub.respondQueryTaskCompleted(RespondQueryTaskCompletedRequest.newBuilder().setNamespaceId("ns")
        .setRequest(completed.toByteString()).build());

    assertThat(answered.get(5, TimeUnit.SECONDS).getCompleted()).isEqualTo(completed.toByteString());
  }

  @Test
  void withoutAWorkerTheQueryFailsDeadlineExceededJustBeforeTheCallersDeadline() {
    long callerMillis = 1_500;
    StatusRuntimeException e = catchThrowableOfType(
        () -> stub.withDeadlineAfter(callerMillis, TimeUnit.MILLISECONDS).queryWorkflow(query().build()),
        StatusRuntimeException.class);

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    String description = e.getStatus().getDescription();
    assertThat(description).as("matching's answer, not the client's deadline")
        .contains("no worker polled task queue orders").matches(".* within \\d+ ms");
    // matching waited what the caller had left less its margin: the caller's time is an upper bound of that
    long waitedMillis = Long.parseLong(description.replaceAll(".* within (\\d+) ms", "$1"));
    assertThat(waitedMillis).isPositive()
        .isLessThanOrEqualTo(callerMillis - MatchingHandler.QUERY_DEADLINE_MARGIN.toMillis());
    await().until(() -> engine.pendingQueries() == 0);
  }

  @Test
  void queriesThatCanNeverBeAnsweredAreInvalid() {
    assertCode(Status.Code.INVALID_ARGUMENT, () -> stub.queryWorkflow(query().setTaskQueue(WORKFLOW_QUEUE.toBuilder()
        .setType(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY)).build()));
    assertCode(Status.Code.INVALID_ARGUMENT, () -> stub.queryWorkflow(query().setWorkflowId("").build()));
    assertCode(Status.Code.INVALID_ARGUMENT, () -> stub.queryWorkflow(query().setTask(ByteString.copyFromUtf8("\u00ff garbage")).build()));
    assertCode(Status.Code.INVALID_ARGUMENT, () -> stub.queryWorkflow(query().setQuery(ByteString.EMPTY).build()));
    assertThat(engine.pendingQueries()).isZero();
    assertThat(store.createCalls()).isZero();
  }

  @Test
  void answersWithABadTokenAreInvalidAndUnknownQueriesNotFound() {
    TaskToken activityToken = TaskToken.newBuilder().setKind(TaskKind.TASK_KIND_ACTIVITY).setNamespaceId("ns")
        .setWorkflowId("wf-1").setRunId("r").build();
    TaskToken unknown = TaskToken.newBuilder().setKind(TaskKind.TASK_KIND_QUERY).setNamespaceId("ns")
        .setQueryId("nope").setTaskQueue("orders").build();
    assertCode(Status.Code.INVALID_ARGUMENT, () -> respond("ns", activityToken.toByteString()));
    assertCode(Status.Code.INVALID_ARGUMENT, () -> respond("ns", ByteString.copyFromUtf8("garbage")));
    assertCode(Status.Code.INVALID_ARGUMENT, () -> respond("other", unknown.toByteString()));
    assertCode(Status.Code.NOT_FOUND, () -> respond("ns", unknown.toByteString()));
  }

  private void respond(String namespaceId, ByteString token) {
    stub.respondQueryTaskCompleted(RespondQueryTaskCompletedRequest.newBuilder().setNamespaceId(namespaceId)
        .setRequest(io.temporal.api.workflowservice.v1.RespondQueryTaskCompletedRequest.newBuilder()
            .setTaskToken(token).build().toByteString())
        .build());
  }

  private static void assertCode(Status.Code code, Runnable call) {
    StatusRuntimeException e = catchThrowableOfType(call::run, StatusRuntimeException.class);
    assertThat(e).as("expected " + code).isNotNull();
    assertThat(e.getStatus().getCode()).as(e.toString()).isEqualTo(code);
  }
}
