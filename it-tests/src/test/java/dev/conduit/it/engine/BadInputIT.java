package dev.conduit.it.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.Durations;
import dev.conduit.it.support.SdkHarness;
import dev.conduit.it.support.SharedCluster;
import dev.conduit.it.support.TestCluster;
import dev.conduit.proto.token.v1.TaskKind;
import dev.conduit.proto.token.v1.TaskToken;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.command.v1.Command;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.CommandType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TerminatedFailure;
import io.temporal.internal.retryer.GrpcMessageTooLargeException;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad requests from a raw gRPC client: a clear status naming the problem, and nothing changed. Messages too large
 * for gRPC get the status the SDK recognizes, and a workflow whose completion cannot be sent is terminated.
 */
class BadInputIT {
  @RegisterExtension
  static final SharedCluster shared = new SharedCluster();
  private static SdkHarness sdk;
  private static WorkflowServiceGrpc.WorkflowServiceBlockingStub api;

  @BeforeAll
  static void startCluster() {
    sdk = shared.harness();
    api = sdk.stubs().blockingStub();
  }

  @AfterAll
  static void stopCluster() {
    if (sdk != null) {
      sdk.close(); // this class's workers; the shared cluster runs on
    }
  }

  private static StartWorkflowExecutionRequest.Builder start(String workflowId) {
    return StartWorkflowExecutionRequest.newBuilder()
        .setNamespace(TestCluster.NAMESPACE)
        .setWorkflowId(workflowId)
        .setWorkflowType(WorkflowType.newBuilder().setName("Anything"))
        .setTaskQueue(TaskQueue.newBuilder().setName(SdkHarness.taskQueue("bad")))
        .setRequestId(UUID.randomUUID().toString());
  }

  private static void assertStatus(ThrowingCallable call, Status.Code code, String messagePart) {
    assertThatThrownBy(call)
        .isInstanceOf(StatusRuntimeException.class)
        .satisfies(e -> {
          Status status = ((StatusRuntimeException) e).getStatus();
          assertThat(status.getCode()).isEqualTo(code);
          assertThat(status.getDescription()).containsIgnoringCase(messagePart);
        });
  }

  private static void assertNoSuchWorkflow(String workflowId) {
    assertStatus(() -> api.describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(TestCluster.NAMESPACE).setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)).build()),
        Status.Code.NOT_FOUND, "");
  }

  @Test
  void workflowIdOverOneThousandCharactersIsRefused() {
    String id = "w".repeat(1001);
    assertStatus(() -> api.startWorkflowExecution(start(id).build()), Status.Code.INVALID_ARGUMENT, "workflow");
  }

  @Test
  void payloadOverTwoMegabytesIsRefusedAndNothingStarts() {
    String id = "big-" + UUID.randomUUID();
    Payload big = Payload.newBuilder().setData(ByteString.copyFrom(new byte[2 * 1024 * 1024 + 1])).build();
    assertStatus(() -> api.startWorkflowExecution(start(id).setInput(Payloads.newBuilder().addPayloads(big)).build()),
        Status.Code.INVALID_ARGUMENT, "input");
    assertNoSuchWorkflow(id);
  }

  @Test
  void missingTaskQueueIsRefusedAndNothingStarts() {
    String id = "noqueue-" + UUID.randomUUID();
    assertStatus(() -> api.startWorkflowExecution(start(id).clearTaskQueue().build()), Status.Code.INVALID_ARGUMENT, "task");
    assertNoSuchWorkflow(id);
  }

  @Test
  void negativeTimeoutIsRefusedAndNothingStarts() {
    String id = "negative-" + UUID.randomUUID();
    assertStatus(() -> api.startWorkflowExecution(start(id).setWorkflowRunTimeout(Durations.fromSeconds(-5)).build()),
        Status.Code.INVALID_ARGUMENT, "timeout");
    assertNoSuchWorkflow(id);
  }

  @Test
  void forgedTaskTokenIsRefused() {
    assertStatus(() -> api.respondActivityTaskCompleted(RespondActivityTaskCompletedRequest.newBuilder()
            .setNamespace(TestCluster.NAMESPACE).setTaskToken(ByteString.copyFromUtf8("not a token")).build()),
        Status.Code.INVALID_ARGUMENT, "token");
  }

  @Test
  void wellFormedTokenOfAWorkflowThatDoesNotExistAnswersNotFound() {
    String namespaceId = api.describeNamespace(io.temporal.api.workflowservice.v1.DescribeNamespaceRequest.newBuilder()
        .setNamespace(TestCluster.NAMESPACE).build()).getNamespaceInfo().getId();
    TaskToken token = TaskToken.newBuilder().setNamespaceId(namespaceId).setWorkflowId("ghost-" + UUID.randomUUID())
        .setRunId(UUID.randomUUID().toString()).setScheduledEventId(5).setAttempt(1).setActivityId("1")
        .setKind(TaskKind.TASK_KIND_ACTIVITY).build();
    assertStatus(() -> api.respondActivityTaskCompleted(RespondActivityTaskCompletedRequest.newBuilder()
            .setNamespace(TestCluster.NAMESPACE).setTaskToken(token.toByteString()).build()),
        Status.Code.NOT_FOUND, "");
  }

  @Test
  void unknownCommandTypeIsRefusedAndTheWorkflowKeepsRunning() {
    String id = "badcommand-" + UUID.randomUUID();
    StartWorkflowExecutionRequest request = start(id).build();
    api.startWorkflowExecution(request);
    PollWorkflowTaskQueueResponse task = api.pollWorkflowTaskQueue(PollWorkflowTaskQueueRequest.newBuilder()
        .setNamespace(TestCluster.NAMESPACE).setTaskQueue(request.getTaskQueue()).setIdentity("raw-test").build());
    assertThat(task.getWorkflowExecution().getWorkflowId()).isEqualTo(id);

    assertStatus(() -> api.respondWorkflowTaskCompleted(RespondWorkflowTaskCompletedRequest.newBuilder()
            .setNamespace(TestCluster.NAMESPACE).setTaskToken(task.getTaskToken()).setIdentity("raw-test")
            .addCommands(Command.newBuilder().setCommandTypeValue(999)).build()),
        Status.Code.INVALID_ARGUMENT, "command");

    var description = api.describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
        .setNamespace(TestCluster.NAMESPACE).setExecution(WorkflowExecution.newBuilder().setWorkflowId(id)).build());
    assertThat(description.getWorkflowExecutionInfo().getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(CommandType.forNumber(999)).isNull();
  }

  @Test
  void requestOverFourMegabytesIsRefusedAsTheSdkRecognizesAndNothingStarts() {
    String id = "huge-" + UUID.randomUUID();
    WorkflowStub stub = sdk.client().newUntypedWorkflowStub("Anything", SdkHarness.options(SdkHarness.taskQueue("huge"), id));
    assertThatThrownBy(() -> stub.start("x".repeat(5 * 1024 * 1024)))
        .isInstanceOf(WorkflowServiceException.class)
        .hasCauseInstanceOf(GrpcMessageTooLargeException.class);
    assertNoSuchWorkflow(id);
  }

  @WorkflowInterface
  public interface HugeFailure {
    @WorkflowMethod
    void fail();
  }

  public static class HugeFailureImpl implements HugeFailure {
    @Override
    public void fail() {
      throw ApplicationFailure.newFailure("x".repeat(5 * 1024 * 1024), "Huge");
    }
  }

  @Test
  void workflowWhoseCompletionIsTooLargeToSendIsTerminatedNotRetried() {
    String taskQueue = SdkHarness.taskQueue("huge-failure");
    sdk.startWorker(taskQueue, worker -> worker.registerWorkflowImplementationTypes(HugeFailureImpl.class));
    String id = "huge-failure-" + UUID.randomUUID();
    HugeFailure workflow = sdk.client().newWorkflowStub(HugeFailure.class, SdkHarness.options(taskQueue, id));
    assertThatThrownBy(workflow::fail).isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(TerminatedFailure.class);

    List<HistoryEvent> events = new ArrayList<>();
    sdk.client().fetchHistory(id).getEvents().forEach(events::add);
    assertThat(events).filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)
        .singleElement()
        .satisfies(e -> assertThat(e.getWorkflowTaskFailedEventAttributes().getCause())
            .isEqualTo(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND));
    assertThat(events.get(events.size() - 1).getWorkflowExecutionTerminatedEventAttributes().getReason())
        .isEqualTo("WORKFLOW_TASK_FAILED_CAUSE_GRPC_MESSAGE_TOO_LARGE");
  }
}
