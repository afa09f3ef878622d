package dev.conduit.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.conduit.history.testing.Commands;
import dev.conduit.history.testing.FixedNamespaces;
import dev.conduit.history.testing.InMemoryExecutionStore;
import dev.conduit.history.testing.InMemoryShardStore;
import dev.conduit.history.testing.RecordingMatchingClient;
import dev.conduit.proto.history.v1.GetWorkflowExecutionHistoryRequest;
import dev.conduit.proto.history.v1.HistoryServiceGrpc;
import dev.conduit.proto.history.v1.RecordWorkflowTaskStartedRequest;
import dev.conduit.proto.history.v1.StartWorkflowExecutionRequest;
import dev.conduit.proto.history.v1.TaskResultRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The server over real gRPC, with its queues running on their own threads and the real clock. */
class HistoryServerTest {
  private static final String NS = "ns-1";
  private final InMemoryShardStore shardStore = new InMemoryShardStore();
  private final InMemoryExecutionStore store = new InMemoryExecutionStore(shardStore);
  private final RecordingMatchingClient matching = new RecordingMatchingClient();
  private HistoryServer server;
  private ManagedChannel channel;
  private HistoryServiceGrpc.HistoryServiceBlockingStub stub;

  @BeforeEach
  void start() {
    server = new HistoryServer(shardStore, store, matching, new FixedNamespaces().add(NS, "default", 0), 4, null,
        "host-a", Clock.systemUTC()).start();
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    stub = HistoryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  private io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest startRequest(String id, String requestId) {
    return io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest.newBuilder()
        .setNamespace("default").setWorkflowId(id).setRequestId(requestId)
        .setWorkflowType(WorkflowType.newBuilder().setName("T")).setTaskQueue(TaskQueue.newBuilder().setName("q"))
        .build();
  }

  private String start(String id, String requestId) throws Exception {
    return StartWorkflowExecutionResponse.parseFrom(stub.startWorkflowExecution(StartWorkflowExecutionRequest.newBuilder()
        .setNamespaceId(NS).setRequest(startRequest(id, requestId).toByteString()).build()).getResponse()).getRunId();
  }

  @Test
  void servesHealthAndAllShardsAndDispatchesInTheBackground() throws Exception {
    HealthCheckResponse health = HealthGrpc.newBlockingStub(channel)
        .check(HealthCheckRequest.newBuilder().setService(HistoryServiceGrpc.SERVICE_NAME).build());
    assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    assertThat(server.shards().ownedShards()).containsExactly(0, 1, 2, 3);

    String runId = start("s-1", "req-1");
    await().atMost(Duration.ofSeconds(5)).until(() -> !matching.workflowTasks().isEmpty());
    assertThat(matching.lastWorkflowTask().getRunId()).isEqualTo(runId);
  }

  @Test
  void alreadyStartedCarriesTheTemporalFailureDetails() throws Exception {
    String runId = start("s-2", "req-1");
    assertThatThrownBy(() -> start("s-2", "req-2")).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
      com.google.rpc.Status status = StatusProto.fromThrowable(e);
      assertThat(status.getDetails(0).is(WorkflowExecutionAlreadyStartedFailure.class)).isTrue();
      try {
        WorkflowExecutionAlreadyStartedFailure details = status.getDetails(0)
            .unpack(WorkflowExecutionAlreadyStartedFailure.class);
        assertThat(details.getRunId()).isEqualTo(runId);
        assertThat(details.getStartRequestId()).isEqualTo("req-1");
      } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
        throw new AssertionError(ex);
      }
    });
  }

  @Test
  void shardNotOwnedIsUnavailableAndStaleTaskIsNotFound() throws Exception {
    server.shards().setOwnedShards(Set.of());
    assertThatThrownBy(() -> start("s-3", "r")).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    server.shards().setOwnedShards(Set.of(0, 1, 2, 3));
    String runId = start("s-3", "r");
    assertThatThrownBy(() -> stub.recordWorkflowTaskStarted(RecordWorkflowTaskStartedRequest.newBuilder()
        .setNamespaceId(NS).setWorkflowId("s-3").setRunId(runId).setScheduledEventId(99).setRequestId("x")
        .setPollRequest(PollWorkflowTaskQueueRequest.getDefaultInstance().toByteString()).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  /** Repeated: a wake-up that the scheduler runs a moment early must not lose the timer (it once did). */
  @RepeatedTest(5)
  void timersFireInRealTimeAndTheLongPollSeesTheClose() throws Exception {
    String id = "s-4-" + UUID.randomUUID();
    String runId = start(id, "req");
    await().atMost(Duration.ofSeconds(5)).until(() -> !matching.workflowTasks().isEmpty());
    PollWorkflowTaskQueueResponse task = PollWorkflowTaskQueueResponse.parseFrom(stub.recordWorkflowTaskStarted(
        RecordWorkflowTaskStartedRequest.newBuilder().setNamespaceId(NS).setWorkflowId(id).setRunId(runId)
            .setScheduledEventId(2).setRequestId("poll-1")
            .setPollRequest(PollWorkflowTaskQueueRequest.newBuilder().setTaskQueue(TaskQueue.newBuilder().setName("q"))
                .build().toByteString()).build()).getResponse());
    stub.respondWorkflowTaskCompleted(TaskResultRequest.newBuilder().setNamespaceId(NS).setWorkflowId(id)
        .setRunId(runId).setRequest(RespondWorkflowTaskCompletedRequest.newBuilder().setTaskToken(task.getTaskToken())
            .addCommands(Commands.startTimer("t", Duration.ofMillis(300))).build().toByteString()).build());
    await().atMost(Duration.ofSeconds(5)).until(() -> matching.workflowTasks().size() == 2);
    PollWorkflowTaskQueueResponse second = PollWorkflowTaskQueueResponse.parseFrom(stub.recordWorkflowTaskStarted(
        RecordWorkflowTaskStartedRequest.newBuilder().setNamespaceId(NS).setWorkflowId(id).setRunId(runId)
            .setScheduledEventId(matching.lastWorkflowTask().getScheduledEventId()).setRequestId("poll-2")
            .setPollRequest(PollWorkflowTaskQueueRequest.newBuilder().setTaskQueue(TaskQueue.newBuilder().setName("q"))
                .build().toByteString()).build()).getResponse());
    assertThat(second.getHistory().getEventsList()).anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_FIRED);

    var waiting = HistoryServiceGrpc.newFutureStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
        .getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder().setNamespaceId(NS)
            .setRequest(io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest.newBuilder()
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id).setRunId(runId))
                .setWaitNewEvent(true)
                .setHistoryEventFilterType(HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT)
                .build().toByteString()).build());
    stub.respondWorkflowTaskCompleted(TaskResultRequest.newBuilder().setNamespaceId(NS).setWorkflowId(id)
        .setRunId(runId).setRequest(RespondWorkflowTaskCompletedRequest.newBuilder().setTaskToken(second.getTaskToken())
            .addCommands(Commands.completeWorkflow("ok")).build().toByteString()).build());
    GetWorkflowExecutionHistoryResponse closed = GetWorkflowExecutionHistoryResponse.parseFrom(
        waiting.get(10, TimeUnit.SECONDS).getResponse());
    assertThat(closed.getHistory().getEvents(0).getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  }
}
