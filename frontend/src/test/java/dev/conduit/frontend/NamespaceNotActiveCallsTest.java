package dev.conduit.frontend;

import static dev.conduit.frontend.Statuses.catchStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.proto.token.v1.TaskKind;
import dev.conduit.proto.token.v1.TaskToken;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.errordetails.v1.NamespaceNotActiveFailure;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatByIdRequest;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatRequest;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.ResetStickyTaskQueueRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedByIdRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedByIdRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedRequest;
import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code noop} redirection policy: a call that writes to a global namespace active in another cluster
 * is answered NamespaceNotActive by the frontend and never reaches history; reads still do, and history's
 * own NamespaceNotActive answer reaches the client unchanged.
 */
class NamespaceNotActiveCallsTest {
  private static final String RUN = "7f1d2c3b-0000-4000-8000-000000000001";
  private static final String MESSAGE =
      "Namespace: elsewhere is active in cluster: standby, while current cluster active is a standby cluster.";
  private final WorkflowHarness harness = new WorkflowHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void everyWriteToANamespaceActiveElsewhereIsRefusedBeforeHistory() throws Exception {
    String id = harness.registerGlobal("elsewhere", TestClusters.STANDBY);
    WorkflowExecution execution = WorkflowExecution.newBuilder().setWorkflowId("order-1").setRunId(RUN).build();
    ByteString workflowToken = token(id, TaskKind.TASK_KIND_WORKFLOW);
    ByteString activityToken = token(id, TaskKind.TASK_KIND_ACTIVITY);
    List<Runnable> calls = List.of(
        () -> harness.stub.startWorkflowExecution(StartWorkflowExecutionRequest.newBuilder().setNamespace("elsewhere")
            .setWorkflowId("order-1").setWorkflowType(WorkflowType.newBuilder().setName("Order"))
            .setTaskQueue(TaskQueue.newBuilder().setName("orders")).build()),
        () -> harness.stub.signalWorkflowExecution(SignalWorkflowExecutionRequest.newBuilder().setNamespace("elsewhere")
            .setWorkflowExecution(execution).setSignalName("go").build()),
        () -> harness.stub.signalWithStartWorkflowExecution(SignalWithStartWorkflowExecutionRequest.newBuilder()
            .setNamespace("elsewhere").setWorkflowId("order-1").setWorkflowType(WorkflowType.newBuilder().setName("Order"))
            .setTaskQueue(TaskQueue.newBuilder().setName("orders")).setSignalName("go").build()),
        () -> harness.stub.requestCancelWorkflowExecution(RequestCancelWorkflowExecutionRequest.newBuilder()
            .setNamespace("elsewhere").setWorkflowExecution(execution).build()),
        () -> harness.stub.terminateWorkflowExecution(TerminateWorkflowExecutionRequest.newBuilder()
            .setNamespace("elsewhere").setWorkflowExecution(execution).build()),
        () -> harness.stub.resetStickyTaskQueue(ResetStickyTaskQueueRequest.newBuilder()
            .setNamespace("elsewhere").setExecution(execution).build()),
        () -> harness.stub.respondWorkflowTaskCompleted(RespondWorkflowTaskCompletedRequest.newBuilder()
            .setNamespace("elsewhere").setTaskToken(workflowToken).build()),
        () -> harness.stub.respondWorkflowTaskFailed(RespondWorkflowTaskFailedRequest.newBuilder()
            .setTaskToken(workflowToken).build()),
        () -> harness.stub.respondActivityTaskCompleted(RespondActivityTaskCompletedRequest.newBuilder()
            .setNamespace("elsewhere").setTaskToken(activityToken).build()),
        () -> harness.stub.respondActivityTaskFailed(RespondActivityTaskFailedRequest.newBuilder()
            .setNamespace("elsewhere").setTaskToken(activityToken).build()),
        () -> harness.stub.respondActivityTaskCanceled(RespondActivityTaskCanceledRequest.newBuilder()
            .setNamespace("elsewhere").setTaskToken(activityToken).build()),
        () -> harness.stub.recordActivityTaskHeartbeat(RecordActivityTaskHeartbeatRequest.newBuilder()
            .setNamespace("elsewhere").setTaskToken(activityToken).build()),
        () -> harness.stub.respondActivityTaskCompletedById(RespondActivityTaskCompletedByIdRequest.newBuilder()
            .setNamespace("elsewhere").setWorkflowId("order-1").setActivityId("a").build()),
        () -> harness.stub.respondActivityTaskFailedById(RespondActivityTaskFailedByIdRequest.newBuilder()
            .setNamespace("elsewhere").setWorkflowId("order-1").setActivityId("a").build()),
        () -> harness.stub.recordActivityTaskHeartbeatById(RecordActivityTaskHeartbeatByIdRequest.newBuilder()
            .setNamespace("elsewhere").setWorkflowId("order-1").setActivityId("a").build()));

    for (Runnable call : calls) {
      assertNotActive(catchStatus(call));
    }
    assertThat(harness.history.calls.received()).isEmpty();
  }

  @Test
  void readsOfANamespaceActiveElsewhereStillReachHistory() {
    harness.registerGlobal("elsewhere", TestClusters.STANDBY);

    harness.stub.describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder().setNamespace("elsewhere")
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId("order-1")).build());

    assertThat(harness.history.calls.only().method()).isEqualTo("DescribeWorkflowExecution");
  }

  @Test
  void aGlobalNamespaceActiveHereWritesAndHistorysNotActiveAnswerPassesUnchanged() throws Exception {
    harness.registerGlobal("here", TestClusters.ACTIVE);
    StatusRuntimeException fromHistory = StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
        .setCode(Status.Code.FAILED_PRECONDITION.value())
        .setMessage("Namespace: here is active in cluster: standby, while current cluster active is a standby cluster.")
        .addDetails(com.google.protobuf.Any.pack(NamespaceNotActiveFailure.newBuilder().setNamespace("here")
            .setCurrentCluster("active").setActiveCluster("standby").build()))
        .build());
    harness.history.calls.answer = (method, request) -> {
      throw fromHistory;
    };

    StatusRuntimeException e = catchStatus(() -> harness.stub.signalWorkflowExecution(
        SignalWorkflowExecutionRequest.newBuilder().setNamespace("here")
            .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId("order-1")).setSignalName("go")
            .setRequestId(UUID.randomUUID().toString()).build()));

    assertThat(harness.history.calls.only().method()).isEqualTo("SignalWorkflowExecution");
    assertThat(StatusProto.fromThrowable(e)).isEqualTo(StatusProto.fromThrowable(fromHistory));
  }

  private static ByteString token(String namespaceId, TaskKind kind) {
    return TaskToken.newBuilder().setNamespaceId(namespaceId).setWorkflowId("order-1").setRunId(RUN)
        .setScheduledEventId(5).setAttempt(1).setKind(kind).build().toByteString();
  }

  private static void assertNotActive(StatusRuntimeException e) {
    assertThat(e.getStatus().getCode()).as(e.toString()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(e.getStatus().getDescription()).isEqualTo(MESSAGE);
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    assertThat(status.getDetailsCount()).isEqualTo(1);
    NamespaceNotActiveFailure failure;
    try {
      failure = status.getDetails(0).unpack(NamespaceNotActiveFailure.class);
    } catch (InvalidProtocolBufferException ex) {
      throw new AssertionError(ex);
    }
    assertThat(failure.getNamespace()).isEqualTo("elsewhere");
    assertThat(failure.getCurrentCluster()).isEqualTo("active");
    assertThat(failure.getActiveCluster()).isEqualTo("standby");
  }
}
