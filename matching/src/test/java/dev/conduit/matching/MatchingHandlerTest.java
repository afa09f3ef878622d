package dev.conduit.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import dev.conduit.matching.history.TaskStarter;
import dev.conduit.matching.queue.InMemoryTaskQueueStore;
import dev.conduit.persistence.matching.TaskQueueId;
import dev.conduit.proto.matching.v1.AddTaskRequest;
import dev.conduit.proto.matching.v1.MatchingServiceGrpc;
import dev.conduit.proto.matching.v1.PollActivityTaskQueueResponse;
import dev.conduit.proto.matching.v1.PollRequest;
import dev.conduit.proto.matching.v1.TaskQueueKey;
import dev.conduit.proto.matching.v1.TaskQueueType;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gRPC edge over an in-process transport: validation, caller deadlines and cancelled calls. */
class MatchingHandlerTest {
  private static final TaskQueueKey ACTIVITY_QUEUE =
      TaskQueueKey.newBuilder().setNamespaceId("ns").setName("q").setType(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY).build();

  private final InMemoryTaskQueueStore store = new InMemoryTaskQueueStore();
  private final FakeHistory history = new FakeHistory();
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private MatchingEngine engine;
  private Server server;
  private ManagedChannel channel;
  private MatchingServiceGrpc.MatchingServiceBlockingStub stub;

  @BeforeEach
  void start() throws Exception {
    engine = new MatchingEngine(store, new TaskStarter(history), MatchingSettings.defaults("test"), Clock.systemUTC());
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

  @Test
  void requestsThatCanNeverSucceedAreRefusedWithInvalidArgument() {
    assertInvalid(() -> stub.addActivityTask(add("wf").setTaskQueue(ACTIVITY_QUEUE.toBuilder().setNamespaceId("")).build()));
    assertInvalid(() -> stub.addWorkflowTask(add("wf").build()));
    assertInvalid(() -> stub.addActivityTask(add("wf").setRunId("").build()));
    assertInvalid(() -> stub.addActivityTask(add("wf").setScheduledEventId(0).build()));
    assertInvalid(() -> stub.addActivityTask(add("wf").setScheduleToStartTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(-1)).build()));
    assertInvalid(() -> stub.pollWorkflowTaskQueue(PollRequest.newBuilder().setTaskQueue(ACTIVITY_QUEUE).build()));
    assertThat(store.createCalls()).isZero();
  }

  @Test
  void aPollAnswersEmptyTheMarginBeforeTheCallersDeadlineRatherThanLettingItExpire() {
    assertThat(stub.addActivityTask(add("wf-1").build()).getSyncMatched()).as("a task waits in the backlog").isFalse();
    PollRequest poll = PollRequest.newBuilder().setTaskQueue(ACTIVITY_QUEUE).build();

    // A caller with no more time left than the margin gets an empty answer at once, not DEADLINE_EXCEEDED; had
    // matching waited any time at all, the poll would have taken the task.
    PollActivityTaskQueueResponse response = stub
        .withDeadlineAfter(MatchingHandler.DEADLINE_MARGIN.toMillis(), TimeUnit.MILLISECONDS).pollActivityTaskQueue(poll);
    assertThat(response.getResponse()).isEqualTo(ByteString.EMPTY);
    assertThat(history.calls).as("the task was not taken").isEmpty();

    assertThat(stub.withDeadlineAfter(30, TimeUnit.SECONDS).pollActivityTaskQueue(poll).getResponse())
        .as("a caller with time beyond the margin takes it").isEqualTo(FakeHistory.response("activity", "wf-1"));
  }

  @Test
  void aSyncMatchAnswersThePollerWithHistorysResponse() throws Exception {
    ListenableFuture<PollActivityTaskQueueResponse> poll =
        MatchingServiceGrpc.newFutureStub(channel).pollActivityTaskQueue(PollRequest.newBuilder().setTaskQueue(ACTIVITY_QUEUE).build());
    await().until(() -> engine.waitingPollers(queueId()) == 1);

    assertThat(stub.addActivityTask(add("wf-1").build()).getSyncMatched()).isTrue();
    assertThat(poll.get(5, TimeUnit.SECONDS).getResponse()).isEqualTo(FakeHistory.response("activity", "wf-1"));
  }

  @Test
  void aPollCancelledByTheClientTakesNoTask() throws Exception {
    ListenableFuture<PollActivityTaskQueueResponse> poll =
        MatchingServiceGrpc.newFutureStub(channel).pollActivityTaskQueue(PollRequest.newBuilder().setTaskQueue(ACTIVITY_QUEUE).build());
    await().until(() -> engine.waitingPollers(queueId()) == 1);

    poll.cancel(true);
    await().until(() -> engine.waitingPollers(queueId()) == 0);
    assertThat(stub.addActivityTask(add("wf-1").build()).getSyncMatched()).isFalse();

    PollActivityTaskQueueResponse next = stub.pollActivityTaskQueue(PollRequest.newBuilder().setTaskQueue(ACTIVITY_QUEUE).build());
    assertThat(next.getResponse()).isEqualTo(FakeHistory.response("activity", "wf-1"));
    assertThat(history.calls).containsExactly("wf-1");
  }

  private static AddTaskRequest.Builder add(String workflowId) {
    return AddTaskRequest.newBuilder().setTaskQueue(ACTIVITY_QUEUE).setWorkflowId(workflowId).setRunId("run").setScheduledEventId(5);
  }

  private static TaskQueueId queueId() {
    return new TaskQueueId("ns", "q", TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY, false);
  }

  private static void assertInvalid(Runnable call) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }
}
