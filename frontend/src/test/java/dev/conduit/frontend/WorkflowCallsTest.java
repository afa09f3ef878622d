package dev.conduit.frontend;

import static dev.conduit.frontend.Statuses.assertInvalid;
import static dev.conduit.frontend.Statuses.catchStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.rpc.Code;
import dev.conduit.config.dynamic.Constraints;
import dev.conduit.config.dynamic.DynamicConfig;
import dev.conduit.config.dynamic.DynamicKey;
import dev.conduit.config.dynamic.DynamicKeys;
import dev.conduit.proto.history.v1.StartWorkflowExecutionRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.errordetails.v1.NamespaceNotFoundFailure;
import io.temporal.api.errordetails.v1.NotFoundFailure;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.ResetStickyTaskQueueRequest;
import io.temporal.api.workflowservice.v1.ShutdownWorkerRequest;
import io.temporal.api.workflowservice.v1.ShutdownWorkerResponse;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionResponse;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** StartWorkflowExecution, DescribeWorkflowExecution, ResetStickyTaskQueue and ShutdownWorker over fake history. */
class WorkflowCallsTest {
  private WorkflowHarness harness = new WorkflowHarness();

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  static io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest.Builder start() {
    return io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest.newBuilder()
        .setNamespace("orders")
        .setWorkflowId("order-1")
        .setWorkflowType(WorkflowType.newBuilder().setName("Checkout"))
        .setTaskQueue(TaskQueue.newBuilder().setName("checkout"))
        .setInput(payloads(10))
        .setIdentity("client@host");
  }

  static Payloads payloads(int bytes) {
    return Payloads.newBuilder().addPayloads(Payload.newBuilder().setData(ByteString.copyFrom(new byte[bytes]))).build();
  }

  @Test
  void startGoesToHistoryWithTheNamespaceIdAndAGeneratedRequestId() throws Exception {
    harness.history.calls.answer = (method, request) -> dev.conduit.proto.history.v1.StartWorkflowExecutionResponse.newBuilder()
        .setResponse(StartWorkflowExecutionResponse.newBuilder().setRunId("run-1").setStarted(true).build().toByteString())
        .build();

    StartWorkflowExecutionResponse started = harness.stub.startWorkflowExecution(start().build());

    assertThat(started.getRunId()).isEqualTo("run-1");
    assertThat(started.getStarted()).isTrue();
    FakeCalls.Call call = harness.history.calls.only();
    assertThat(call.method()).isEqualTo("StartWorkflowExecution");
    StartWorkflowExecutionRequest forwarded = (StartWorkflowExecutionRequest) call.request();
    assertThat(forwarded.getNamespaceId()).isEqualTo(harness.ordersId);
    var request = io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest.parseFrom(forwarded.getRequest());
    assertThat(request.getRequestId()).hasSize(36);
    assertThat(request.toBuilder().clearRequestId().build()).isEqualTo(start().build());
    assertThat(call.deadlineMillis()).isPositive().isLessThanOrEqualTo(30_000);
  }

  @Test
  void startKeepsTheCallersRequestId() throws Exception {
    harness.stub.startWorkflowExecution(start().setRequestId("mine").build());
    var forwarded = (StartWorkflowExecutionRequest) harness.history.calls.only().request();
    assertThat(io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest.parseFrom(forwarded.getRequest())
        .getRequestId()).isEqualTo("mine");
  }

  @Test
  void badStartRequestsNameTheFieldAndReachNoHistory() {
    String tooLong = "x".repeat(1001);
    Duration negative = Duration.newBuilder().setSeconds(-1).build();
    List<Case> cases = List.of(
        new Case("namespace", b -> b.setNamespace("")),
        new Case("workflow_id", b -> b.setWorkflowId("")),
        new Case("workflow_id", b -> b.setWorkflowId(tooLong)),
        new Case("workflow_type.name", b -> b.clearWorkflowType()),
        new Case("workflow_type.name", b -> b.setWorkflowType(WorkflowType.newBuilder().setName(tooLong))),
        new Case("task_queue", b -> b.clearTaskQueue()),
        new Case("task_queue", b -> b.setTaskQueue(TaskQueue.newBuilder().setName(""))),
        new Case("task_queue.name", b -> b.setTaskQueue(TaskQueue.newBuilder().setName(tooLong))),
        new Case("request_id", b -> b.setRequestId(tooLong)),
        new Case("identity", b -> b.setIdentity(tooLong)),
        new Case("workflow_execution_timeout", b -> b.setWorkflowExecutionTimeout(negative)),
        new Case("workflow_run_timeout", b -> b.setWorkflowRunTimeout(negative)),
        new Case("workflow_task_timeout", b -> b.setWorkflowTaskTimeout(Duration.newBuilder().setNanos(-5))),
        new Case("workflow_start_delay", b -> b.setWorkflowStartDelay(negative)),
        new Case("input", b -> b.setInput(payloads(2 * 1024 * 1024 + 1))));
    for (Case c : cases) {
      assertInvalid(() -> harness.stub.startWorkflowExecution(c.change().apply(start()).build()), c.field());
    }
    assertThat(harness.history.calls.received()).isEmpty();
  }

  @Test
  void blobLimitsComeFromTheDynamicConfig() throws Exception {
    harness.close();
    harness = new WorkflowHarness(WorkflowHarness.testCalls(), new DynamicConfig() {
      @Override
      public <T> T get(DynamicKey<T> key, Constraints constraints) {
        if (key.equals(DynamicKeys.BLOB_SIZE_LIMIT_ERROR) && constraints.equals(Constraints.namespace("orders"))) {
          return key.type().javaType().cast(100);
        }
        return key.defaultValue();
      }
    });
    StatusRuntimeException e = assertInvalid(
        () -> harness.stub.startWorkflowExecution(start().setInput(payloads(200)).build()), "input");
    assertThat(e.getStatus().getDescription()).contains("limit.blobSize.error");
    harness.stub.startWorkflowExecution(start().setNamespace("other").setInput(payloads(200)).build());
    assertThat(harness.history.calls.received()).hasSize(1);
  }

  @Test
  void anUnknownNamespaceIsNotFoundWithItsTemporalFailure() {
    StatusRuntimeException e = catchStatus(() -> harness.stub.startWorkflowExecution(start().setNamespace("nope").build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(StatusProto.fromThrowable(e).getDetails(0).is(NamespaceNotFoundFailure.class)).isTrue();
    assertThat(harness.history.calls.received()).isEmpty();
  }

  @Test
  void historyStatusesReachTheClientUnchanged() throws Exception {
    com.google.rpc.Status notFound = com.google.rpc.Status.newBuilder().setCode(Code.NOT_FOUND_VALUE)
        .setMessage("workflow execution not found for order-1")
        .addDetails(Any.pack(NotFoundFailure.newBuilder().setCurrentCluster("active").build())).build();
    harness.history.calls.answer = (method, request) -> {
      throw StatusProto.toStatusRuntimeException(notFound);
    };
    StatusRuntimeException e = catchStatus(() -> harness.stub.describeWorkflowExecution(describe("order-1", "")));
    assertThat(StatusProto.fromThrowable(e)).isEqualTo(notFound);

    harness.history.calls.answer = (method, request) -> {
      throw Status.INVALID_ARGUMENT.withDescription("cron schedules are not supported").asRuntimeException();
    };
    e = catchStatus(() -> harness.stub.startWorkflowExecution(start().build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).isEqualTo("cron schedules are not supported");
  }

  @Test
  void describeAnswersWhatHistoryDescribed() {
    DescribeWorkflowExecutionResponse described = DescribeWorkflowExecutionResponse.newBuilder()
        .setExecutionConfig(io.temporal.api.workflow.v1.WorkflowExecutionConfig.newBuilder()
            .setTaskQueue(TaskQueue.newBuilder().setName("checkout")))
        .build();
    harness.history.calls.answer = (method, request) -> dev.conduit.proto.history.v1.DescribeWorkflowExecutionResponse
        .newBuilder().setResponse(described.toByteString()).build();
    assertThat(harness.stub.describeWorkflowExecution(describe("order-1", ""))).isEqualTo(described);
    var forwarded = (dev.conduit.proto.history.v1.DescribeWorkflowExecutionRequest) harness.history.calls.only().request();
    assertThat(forwarded.getNamespaceId()).isEqualTo(harness.ordersId);
  }

  @Test
  void anExecutionNeedsAWorkflowIdAndAUuidRunId() {
    assertInvalid(() -> harness.stub.describeWorkflowExecution(describe("", "")), "execution.workflow_id");
    assertInvalid(() -> harness.stub.describeWorkflowExecution(describe("order-1", "not-a-uuid")), "execution.run_id");
    assertInvalid(() -> harness.stub.resetStickyTaskQueue(ResetStickyTaskQueueRequest.newBuilder().setNamespace("orders")
        .build()), "execution.workflow_id");
    assertThat(harness.history.calls.received()).isEmpty();
  }

  @Test
  void resetStickyTaskQueueNamesTheRunToHistory() {
    String runId = "0b5e1f9e-9f1c-4c55-a0d6-3c1b7e7f2a10";
    harness.stub.resetStickyTaskQueue(ResetStickyTaskQueueRequest.newBuilder().setNamespace("orders")
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId("order-1").setRunId(runId)).build());
    var forwarded = (dev.conduit.proto.history.v1.ResetStickyTaskQueueRequest) harness.history.calls.only().request();
    assertThat(forwarded.getNamespaceId()).isEqualTo(harness.ordersId);
    assertThat(forwarded.getWorkflowId()).isEqualTo("order-1");
    assertThat(forwarded.getRunId()).isEqualTo(runId);
  }

  @Test
  void shutdownWorkerAnswersOkAndForwardsNothing() {
    ShutdownWorkerResponse response = harness.stub.shutdownWorker(ShutdownWorkerRequest.newBuilder()
        .setNamespace("orders").setStickyTaskQueue("host:sticky-1").setIdentity("worker@host").build());
    assertThat(response).isEqualTo(ShutdownWorkerResponse.getDefaultInstance());
    StatusRuntimeException unknown = catchStatus(() -> harness.stub.shutdownWorker(
        ShutdownWorkerRequest.newBuilder().setNamespace("nope").build()));
    assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(harness.history.calls.received()).isEmpty();
    assertThat(harness.matching.calls.received()).isEmpty();
  }

  private static DescribeWorkflowExecutionRequest describe(String workflowId, String runId) {
    return DescribeWorkflowExecutionRequest.newBuilder().setNamespace("orders")
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId)).build();
  }

  private record Case(String field,
      UnaryOperator<io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest.Builder> change) {}
}
