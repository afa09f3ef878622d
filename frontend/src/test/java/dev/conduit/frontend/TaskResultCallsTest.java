package dev.conduit.frontend;

import static dev.conduit.frontend.Statuses.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import dev.conduit.proto.history.v1.TaskResultRequest;
import dev.conduit.proto.history.v1.TaskResultResponse;
import dev.conduit.proto.token.v1.TaskKind;
import dev.conduit.proto.token.v1.TaskToken;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.taskqueue.v1.StickyExecutionAttributes;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatRequest;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedResponse;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedRequest;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The calls a worker addresses by task token: routed to the token's run, refused when the token is bad. */
class TaskResultCallsTest {
  private static final String RUN = "7f1d2c3b-0000-4000-8000-000000000001";
  private final WorkflowHarness harness = new WorkflowHarness();

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private ByteString token(String namespaceId, TaskKind kind) {
    return TaskToken.newBuilder().setNamespaceId(namespaceId).setWorkflowId("order-1").setRunId(RUN)
        .setScheduledEventId(5).setAttempt(1).setKind(kind).build().toByteString();
  }

  @Test
  void eachResultGoesToHistoryWithTheTokensRunAndTheWorkersRequest() {
    ByteString workflow = token(harness.ordersId, TaskKind.TASK_KIND_WORKFLOW);
    ByteString activity = token(harness.ordersId, TaskKind.TASK_KIND_ACTIVITY);
    List<Message> requests = List.of(
        RespondWorkflowTaskCompletedRequest.newBuilder().setNamespace("orders").setTaskToken(workflow).build(),
        RespondWorkflowTaskFailedRequest.newBuilder().setNamespace("orders").setTaskToken(workflow).build(),
        RespondActivityTaskCompletedRequest.newBuilder().setNamespace("orders").setTaskToken(activity).build(),
        RespondActivityTaskFailedRequest.newBuilder().setNamespace("orders").setTaskToken(activity).build(),
        RespondActivityTaskCanceledRequest.newBuilder().setNamespace("orders").setTaskToken(activity).build(),
        RecordActivityTaskHeartbeatRequest.newBuilder().setNamespace("orders").setTaskToken(activity).build());
    harness.stub.respondWorkflowTaskCompleted((RespondWorkflowTaskCompletedRequest) requests.get(0));
    harness.stub.respondWorkflowTaskFailed((RespondWorkflowTaskFailedRequest) requests.get(1));
    harness.stub.respondActivityTaskCompleted((RespondActivityTaskCompletedRequest) requests.get(2));
    harness.stub.respondActivityTaskFailed((RespondActivityTaskFailedRequest) requests.get(3));
    harness.stub.respondActivityTaskCanceled((RespondActivityTaskCanceledRequest) requests.get(4));
    harness.stub.recordActivityTaskHeartbeat((RecordActivityTaskHeartbeatRequest) requests.get(5));

    List<FakeCalls.Call> calls = harness.history.calls.received();
    assertThat(calls).extracting(FakeCalls.Call::method).containsExactly("RespondWorkflowTaskCompleted",
        "RespondWorkflowTaskFailed", "RespondActivityTaskCompleted", "RespondActivityTaskFailed",
        "RespondActivityTaskCanceled", "RecordActivityTaskHeartbeat");
    for (int i = 0; i < calls.size(); i++) {
      TaskResultRequest forwarded = (TaskResultRequest) calls.get(i).request();
      assertThat(forwarded.getNamespaceId()).isEqualTo(harness.ordersId);
      assertThat(forwarded.getWorkflowId()).isEqualTo("order-1");
      assertThat(forwarded.getRunId()).isEqualTo(RUN);
      assertThat(forwarded.getRequest()).isEqualTo(requests.get(i).toByteString());
    }
  }

  @Test
  void aCompletionThatAsksForTheNextTaskGetsHistorysAnswer() {
    RespondWorkflowTaskCompletedResponse next = RespondWorkflowTaskCompletedResponse.newBuilder()
        .setWorkflowTask(PollWorkflowTaskQueueResponse.newBuilder().setTaskToken(ByteString.copyFromUtf8("next")))
        .build();
    harness.history.calls.answer = (method, request) -> TaskResultResponse.newBuilder().setResponse(next.toByteString()).build();
    RespondWorkflowTaskCompletedResponse answer = harness.stub.respondWorkflowTaskCompleted(
        RespondWorkflowTaskCompletedRequest.newBuilder().setNamespace("orders").setReturnNewWorkflowTask(true)
            .setTaskToken(token(harness.ordersId, TaskKind.TASK_KIND_WORKFLOW)).build());
    assertThat(answer).isEqualTo(next);
  }

  @Test
  void aHeartbeatLearnsOfItsCancellation() {
    harness.history.calls.answer = (method, request) -> TaskResultResponse.newBuilder()
        .setResponse(RecordActivityTaskHeartbeatResponse.newBuilder().setCancelRequested(true).build().toByteString())
        .build();
    assertThat(harness.stub.recordActivityTaskHeartbeat(RecordActivityTaskHeartbeatRequest.newBuilder()
        .setNamespace("orders").setTaskToken(token(harness.ordersId, TaskKind.TASK_KIND_ACTIVITY)).build())
        .getCancelRequested()).isTrue();
  }

  @Test
  void withoutANamespaceTheTokensNamespaceIsUsed() {
    harness.stub.respondActivityTaskCompleted(RespondActivityTaskCompletedRequest.newBuilder()
        .setTaskToken(token(harness.otherId, TaskKind.TASK_KIND_ACTIVITY)).build());
    assertThat(((TaskResultRequest) harness.history.calls.only().request()).getNamespaceId()).isEqualTo(harness.otherId);
  }

  @Test
  void badTokensAreInvalidArgumentsAndReachNoHistory() {
    Consumer<ByteString> complete = token -> harness.stub.respondActivityTaskCompleted(
        RespondActivityTaskCompletedRequest.newBuilder().setNamespace("orders").setTaskToken(token).build());
    var garbage = assertInvalid(() -> complete.accept(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff})),
        "task_token");
    assertThat(garbage.getStatus().getDescription()).isEqualTo("task_token: invalid task token");
    var notAToken = assertInvalid(() -> complete.accept(ByteString.copyFromUtf8("\n\u0003abc")), "task_token");
    assertThat(notAToken.getStatus().getDescription()).isEqualTo("task_token: invalid task token");
    assertInvalid(() -> complete.accept(ByteString.EMPTY), "task_token");
    var otherNamespace = assertInvalid(() -> complete.accept(token(harness.otherId, TaskKind.TASK_KIND_ACTIVITY)),
        "task_token");
    assertThat(otherNamespace.getStatus().getDescription()).contains("another namespace");
    assertInvalid(() -> complete.accept(token(harness.ordersId, TaskKind.TASK_KIND_WORKFLOW)), "task_token");
    assertInvalid(() -> harness.stub.respondWorkflowTaskCompleted(RespondWorkflowTaskCompletedRequest.newBuilder()
        .setNamespace("orders").setTaskToken(token(harness.ordersId, TaskKind.TASK_KIND_ACTIVITY)).build()), "task_token");
    assertThat(harness.history.calls.received()).isEmpty();
  }

  @Test
  void badResultFieldsAreInvalidArgumentsAndReachNoHistory() {
    ByteString workflow = token(harness.ordersId, TaskKind.TASK_KIND_WORKFLOW);
    ByteString activity = token(harness.ordersId, TaskKind.TASK_KIND_ACTIVITY);
    Payloads big = WorkflowCallsTest.payloads(2 * 1024 * 1024 + 1);
    assertInvalid(() -> harness.stub.respondWorkflowTaskCompleted(RespondWorkflowTaskCompletedRequest.newBuilder()
        .setNamespace("orders").setTaskToken(workflow).setIdentity("x".repeat(1001)).build()), "identity");
    assertInvalid(() -> harness.stub.respondWorkflowTaskCompleted(RespondWorkflowTaskCompletedRequest.newBuilder()
        .setNamespace("orders").setTaskToken(workflow).setStickyAttributes(StickyExecutionAttributes.newBuilder()
            .setScheduleToStartTimeout(Duration.newBuilder().setSeconds(5))).build()),
        "sticky_attributes.worker_task_queue");
    assertInvalid(() -> harness.stub.respondWorkflowTaskCompleted(RespondWorkflowTaskCompletedRequest.newBuilder()
        .setNamespace("orders").setTaskToken(workflow).setStickyAttributes(StickyExecutionAttributes.newBuilder()
            .setWorkerTaskQueue(TaskQueue.newBuilder().setName("sticky"))
            .setScheduleToStartTimeout(Duration.newBuilder().setSeconds(-5))).build()),
        "sticky_attributes.schedule_to_start_timeout");
    assertInvalid(() -> harness.stub.respondWorkflowTaskFailed(RespondWorkflowTaskFailedRequest.newBuilder()
        .setNamespace("orders").setTaskToken(workflow).setFailure(Failure.newBuilder()
            .setEncodedAttributes(big.getPayloads(0))).build()), "failure");
    assertInvalid(() -> harness.stub.respondActivityTaskCompleted(RespondActivityTaskCompletedRequest.newBuilder()
        .setNamespace("orders").setTaskToken(activity).setResult(big).build()), "result");
    assertInvalid(() -> harness.stub.respondActivityTaskFailed(RespondActivityTaskFailedRequest.newBuilder()
        .setNamespace("orders").setTaskToken(activity).setLastHeartbeatDetails(big).build()), "last_heartbeat_details");
    assertInvalid(() -> harness.stub.respondActivityTaskCanceled(RespondActivityTaskCanceledRequest.newBuilder()
        .setNamespace("orders").setTaskToken(activity).setDetails(big).build()), "details");
    assertInvalid(() -> harness.stub.recordActivityTaskHeartbeat(RecordActivityTaskHeartbeatRequest.newBuilder()
        .setNamespace("orders").setTaskToken(activity).setDetails(big).build()), "details");
    assertThat(harness.history.calls.received()).isEmpty();
  }
}
