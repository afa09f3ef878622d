package dev.conduit.frontend;

import static dev.conduit.frontend.Statuses.assertInvalid;
import static dev.conduit.frontend.Statuses.catchStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.conduit.proto.history.v1.TaskResultRequest;
import dev.conduit.proto.history.v1.TaskResultResponse;
import dev.conduit.proto.matching.v1.RespondQueryTaskCompletedRequest;
import dev.conduit.client.matching.MatchingServiceClient;
import dev.conduit.proto.matching.v1.TaskQueueKey;
import dev.conduit.proto.matching.v1.TaskQueueType;
import dev.conduit.proto.token.v1.TaskKind;
import dev.conduit.proto.token.v1.TaskToken;
import io.grpc.Status;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.QueryResultType;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatByIdRequest;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledByIdRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedByIdRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedByIdRequest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RespondQueryTaskCompleted, routed by its query token to the matching owner of the token's queue, and
 * the *ById activity calls, routed by workflow id with the activity id for history to look up.
 */
class QueryAnswerAndByIdCallsTest {
  private static final String RUN = "7f1d2c3b-0000-4000-8000-000000000001";
  private static final Payloads BIG = WorkflowCallsTest.payloads(2 * 1024 * 1024 + 1);
  private final WorkflowHarness harness = new WorkflowHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  private TaskToken.Builder queryToken() {
    return TaskToken.newBuilder().setKind(TaskKind.TASK_KIND_QUERY).setNamespaceId(harness.ordersId)
        .setWorkflowId("order-1").setRunId(RUN).setQueryId("q-1").setTaskQueue("checkout");
  }

  private static io.temporal.api.workflowservice.v1.RespondQueryTaskCompletedRequest.Builder answer(ByteString token) {
    return io.temporal.api.workflowservice.v1.RespondQueryTaskCompletedRequest.newBuilder().setNamespace("orders")
        .setTaskToken(token).setCompletedType(QueryResultType.QUERY_RESULT_TYPE_ANSWERED)
        .setQueryResult(WorkflowCallsTest.payloads(10));
  }

  @Test
  void aQueryAnswerGoesToTheMatchingOwnerOfTheTokensNormalWorkflowQueue() {
    var answer = answer(queryToken().build().toByteString()).build();
    harness.stub.respondQueryTaskCompleted(answer);

    RespondQueryTaskCompletedRequest forwarded = (RespondQueryTaskCompletedRequest) harness.matching.calls.only().request();
    assertThat(forwarded.getNamespaceId()).isEqualTo(harness.ordersId);
    assertThat(forwarded.getRequest()).isEqualTo(answer.toByteString());
    assertThat(harness.matchingQueues).containsExactly(MatchingServiceClient.ringKey(TaskQueueKey.newBuilder()
        .setNamespaceId(harness.ordersId).setName("checkout").setType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW).build()));
    assertThat(harness.history.calls.received()).isEmpty();
  }

  @Test
  void anOversizedQueryResultBecomesAFailedAnswerSoTheCallerLearnsWhy() throws Exception {
    harness.stub.respondQueryTaskCompleted(answer(queryToken().build().toByteString()).setQueryResult(BIG).build());

    var forwarded = io.temporal.api.workflowservice.v1.RespondQueryTaskCompletedRequest.parseFrom(
        ((RespondQueryTaskCompletedRequest) harness.matching.calls.only().request()).getRequest());
    assertThat(forwarded.getCompletedType()).isEqualTo(QueryResultType.QUERY_RESULT_TYPE_FAILED);
    assertThat(forwarded.hasQueryResult()).isFalse();
    assertThat(forwarded.getErrorMessage()).startsWith("query_result: ").contains("limit");
    assertThat(forwarded.getFailure().getMessage()).isEqualTo(forwarded.getErrorMessage());
    assertThat(forwarded.getTaskToken()).isEqualTo(queryToken().build().toByteString());
  }

  @Test
  void anAnswerForAQueryNoLongerWaitingIsNotFound() {
    harness.matching.calls.answer = (method, request) -> {
      throw Status.NOT_FOUND.withDescription("query task q-1 not found, or already expired").asRuntimeException();
    };
    assertThat(catchStatus(() -> harness.stub.respondQueryTaskCompleted(answer(queryToken().build().toByteString())
        .build())).getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void queryAnswersWithTokensThatCannotBeRoutedAreInvalid() {
    ByteString activity = TaskToken.newBuilder().setKind(TaskKind.TASK_KIND_ACTIVITY).setNamespaceId(harness.ordersId)
        .setWorkflowId("order-1").setRunId(RUN).build().toByteString();
    assertInvalid(() -> harness.stub.respondQueryTaskCompleted(answer(activity).build()), "task_token");
    assertInvalid(() -> harness.stub.respondQueryTaskCompleted(answer(queryToken().clearQueryId().build().toByteString())
        .build()), "task_token");
    assertInvalid(() -> harness.stub.respondQueryTaskCompleted(answer(queryToken().clearTaskQueue().build().toByteString())
        .build()), "task_token");
    assertInvalid(() -> harness.stub.respondQueryTaskCompleted(answer(queryToken().setNamespaceId(harness.otherId).build()
        .toByteString()).build()), "task_token");
    assertThat(harness.matching.calls.received()).isEmpty();
  }

  @Test
  void byIdResultsGoWholeToTheWorkflowsShardMarkedByIdWithTheActivityId() {
    Payloads details = WorkflowCallsTest.payloads(7);
    List<com.google.protobuf.Message> sent = List.of(
        RespondActivityTaskCompletedByIdRequest.newBuilder().setNamespace("orders").setWorkflowId("order-1")
            .setRunId(RUN).setActivityId("a-1").setResult(details).setIdentity("async@host").build(),
        RespondActivityTaskFailedByIdRequest.newBuilder().setNamespace("orders").setWorkflowId("order-1")
            .setActivityId("a-1").setFailure(Failure.newBuilder().setMessage("boom")).build(),
        RespondActivityTaskCanceledByIdRequest.newBuilder().setNamespace("orders").setWorkflowId("order-1")
            .setActivityId("a-1").setDetails(details).build(),
        RecordActivityTaskHeartbeatByIdRequest.newBuilder().setNamespace("orders").setWorkflowId("order-1")
            .setActivityId("a-1").setDetails(details).build());
    harness.stub.respondActivityTaskCompletedById((RespondActivityTaskCompletedByIdRequest) sent.get(0));
    harness.stub.respondActivityTaskFailedById((RespondActivityTaskFailedByIdRequest) sent.get(1));
    harness.stub.respondActivityTaskCanceledById((RespondActivityTaskCanceledByIdRequest) sent.get(2));
    harness.stub.recordActivityTaskHeartbeatById((RecordActivityTaskHeartbeatByIdRequest) sent.get(3));

    List<FakeCalls.Call> calls = harness.history.calls.received();
    assertThat(calls).extracting(FakeCalls.Call::method).containsExactly("RespondActivityTaskCompleted",
        "RespondActivityTaskFailed", "RespondActivityTaskCanceled", "RecordActivityTaskHeartbeat");
    for (int i = 0; i < calls.size(); i++) {
      TaskResultRequest forwarded = (TaskResultRequest) calls.get(i).request();
      assertThat(forwarded.getById()).isTrue();
      assertThat(forwarded.getActivityId()).isEqualTo("a-1");
      assertThat(forwarded.getNamespaceId()).isEqualTo(harness.ordersId);
      assertThat(forwarded.getWorkflowId()).isEqualTo("order-1");
      assertThat(forwarded.getRequest()).isEqualTo(sent.get(i).toByteString());
    }
    assertThat(((TaskResultRequest) calls.get(0).request()).getRunId()).isEqualTo(RUN);
    assertThat(((TaskResultRequest) calls.get(1).request()).getRunId()).as("the current run").isEmpty();
  }

  @Test
  void tokenResultsAreNotMarkedById() {
    harness.stub.respondActivityTaskCompleted(io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedRequest
        .newBuilder().setNamespace("orders").setTaskToken(TaskToken.newBuilder().setKind(TaskKind.TASK_KIND_ACTIVITY)
            .setNamespaceId(harness.ordersId).setWorkflowId("order-1").setRunId(RUN).setActivityId("a-1").build()
            .toByteString()).build());
    TaskResultRequest forwarded = (TaskResultRequest) harness.history.calls.only().request();
    assertThat(forwarded.getById()).isFalse();
    assertThat(forwarded.getActivityId()).isEmpty();
  }

  @Test
  void aHeartbeatByIdLearnsOfItsCancellation() {
    harness.history.calls.answer = (method, request) -> TaskResultResponse.newBuilder()
        .setResponse(RecordActivityTaskHeartbeatResponse.newBuilder().setCancelRequested(true).build().toByteString())
        .build();
    assertThat(harness.stub.recordActivityTaskHeartbeatById(RecordActivityTaskHeartbeatByIdRequest.newBuilder()
        .setNamespace("orders").setWorkflowId("order-1").setActivityId("a-1").build()).getCancelRequested()).isTrue();
  }

  @Test
  void byIdCallsNeedANamespaceAWorkflowIdAndAnActivityId() {
    RespondActivityTaskCompletedByIdRequest good = RespondActivityTaskCompletedByIdRequest.newBuilder()
        .setNamespace("orders").setWorkflowId("order-1").setActivityId("a-1").build();
    assertInvalid(() -> harness.stub.respondActivityTaskCompletedById(good.toBuilder().setNamespace("").build()), "namespace");
    assertInvalid(() -> harness.stub.respondActivityTaskCompletedById(good.toBuilder().setWorkflowId("").build()), "workflow_id");
    assertInvalid(() -> harness.stub.respondActivityTaskCompletedById(good.toBuilder().setActivityId("").build()), "activity_id");
    assertInvalid(() -> harness.stub.respondActivityTaskCompletedById(good.toBuilder().setRunId("not-a-uuid").build()), "run_id");
    assertInvalid(() -> harness.stub.respondActivityTaskCompletedById(good.toBuilder().setResult(BIG).build()), "result");
    assertInvalid(() -> harness.stub.respondActivityTaskFailedById(RespondActivityTaskFailedByIdRequest.newBuilder()
        .setNamespace("orders").setWorkflowId("order-1").setActivityId("a-1").setLastHeartbeatDetails(BIG).build()),
        "last_heartbeat_details");
    assertInvalid(() -> harness.stub.recordActivityTaskHeartbeatById(RecordActivityTaskHeartbeatByIdRequest.newBuilder()
        .setNamespace("orders").setWorkflowId("order-1").setActivityId("a-1").setIdentity("x".repeat(1001)).build()),
        "identity");
    assertThat(harness.history.calls.received()).isEmpty();
  }
}
