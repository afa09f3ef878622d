package dev.conduit.frontend;

import static dev.conduit.frontend.Statuses.assertInvalid;
import static dev.conduit.frontend.Statuses.catchStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import dev.conduit.proto.history.v1.WorkflowRequest;
import dev.conduit.proto.history.v1.WorkflowResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Header;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Signal, signal-with-start, cancel, terminate and query: routed whole to history by workflow id, or refused. */
class WorkflowRequestCallsTest {
  private static final String RUN = "0b5e1f9e-9f1c-4c55-a0d6-3c1b7e7f2a10";
  private static final String TOO_LONG = "x".repeat(1001);
  private static final Payloads BIG = WorkflowCallsTest.payloads(2 * 1024 * 1024 + 1);
  private final WorkflowHarness harness = new WorkflowHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  private static WorkflowExecution execution() {
    return WorkflowExecution.newBuilder().setWorkflowId("order-1").setRunId(RUN).build();
  }

  static SignalWorkflowExecutionRequest.Builder signal() {
    return SignalWorkflowExecutionRequest.newBuilder().setNamespace("orders").setWorkflowExecution(execution())
        .setSignalName("approve").setInput(WorkflowCallsTest.payloads(10)).setIdentity("client@host")
        .setHeader(Header.newBuilder().putFields("trace", WorkflowCallsTest.payloads(3).getPayloads(0)));
  }

  static SignalWithStartWorkflowExecutionRequest.Builder signalWithStart() {
    return SignalWithStartWorkflowExecutionRequest.newBuilder().setNamespace("orders").setWorkflowId("order-1")
        .setWorkflowType(WorkflowType.newBuilder().setName("Checkout"))
        .setTaskQueue(TaskQueue.newBuilder().setName("checkout")).setSignalName("approve")
        .setSignalInput(WorkflowCallsTest.payloads(10));
  }

  static QueryWorkflowRequest.Builder query() {
    return QueryWorkflowRequest.newBuilder().setNamespace("orders").setExecution(execution())
        .setQuery(WorkflowQuery.newBuilder().setQueryType("status").setQueryArgs(WorkflowCallsTest.payloads(5)));
  }

  private static RequestCancelWorkflowExecutionRequest.Builder cancel() {
    return RequestCancelWorkflowExecutionRequest.newBuilder().setNamespace("orders").setWorkflowExecution(execution())
        .setReason("not needed");
  }

  private static TerminateWorkflowExecutionRequest.Builder terminate() {
    return TerminateWorkflowExecutionRequest.newBuilder().setNamespace("orders").setWorkflowExecution(execution())
        .setReason("stuck").setDetails(WorkflowCallsTest.payloads(10));
  }

  @Test
  void eachCallGoesWholeToTheShardOfItsWorkflowWithTheNamespaceId() throws Exception {
    harness.stub.signalWorkflowExecution(signal().setRequestId("s-1").build());
    harness.stub.signalWithStartWorkflowExecution(signalWithStart().setRequestId("sws-1").build());
    harness.stub.requestCancelWorkflowExecution(cancel().setRequestId("c-1").build());
    harness.stub.terminateWorkflowExecution(terminate().build());
    harness.stub.queryWorkflow(query().build());

    List<FakeCalls.Call> calls = harness.history.calls.received();
    assertThat(calls).extracting(FakeCalls.Call::method).containsExactly("SignalWorkflowExecution",
        "SignalWithStartWorkflowExecution", "RequestCancelWorkflowExecution", "TerminateWorkflowExecution", "QueryWorkflow");
    List<Message> sent = List.of(signal().setRequestId("s-1").build(), signalWithStart().setRequestId("sws-1").build(),
        cancel().setRequestId("c-1").build(), terminate().build(), query().build());
    for (int i = 0; i < calls.size(); i++) {
      WorkflowRequest forwarded = (WorkflowRequest) calls.get(i).request();
      assertThat(forwarded.getNamespaceId()).isEqualTo(harness.ordersId);
      assertThat(forwarded.getRequest()).as(calls.get(i).method()).isEqualTo(sent.get(i).toByteString());
      assertThat(calls.get(i).deadlineMillis()).isPositive().isLessThanOrEqualTo(30_000);
    }
  }

  @Test
  void signalsAndCancelsWithoutARequestIdGetOneSoHistoryCanDropARetry() throws Exception {
    harness.stub.signalWorkflowExecution(signal().build());
    harness.stub.signalWithStartWorkflowExecution(signalWithStart().build());
    harness.stub.requestCancelWorkflowExecution(cancel().build());

    List<FakeCalls.Call> calls = harness.history.calls.received();
    var signal = SignalWorkflowExecutionRequest.parseFrom(request(calls.get(0)));
    var signalWithStart = SignalWithStartWorkflowExecutionRequest.parseFrom(request(calls.get(1)));
    var cancel = RequestCancelWorkflowExecutionRequest.parseFrom(request(calls.get(2)));
    assertThat(List.of(signal.getRequestId(), signalWithStart.getRequestId(), cancel.getRequestId()))
        .allSatisfy(id -> assertThat(id).hasSize(36)).doesNotHaveDuplicates();
    assertThat(signal.toBuilder().clearRequestId().build()).isEqualTo(signal().build());
    assertThat(signal.getHeader()).as("the header travels").isEqualTo(signal().getHeader());
  }

  @Test
  void historysAnswersArePassedOn() {
    QueryWorkflowResponse queried = QueryWorkflowResponse.newBuilder()
        .setQueryResult(WorkflowCallsTest.payloads(4)).build();
    SignalWithStartWorkflowExecutionResponse started = SignalWithStartWorkflowExecutionResponse.newBuilder()
        .setRunId(RUN).setStarted(true).build();
    harness.history.calls.answer = (method, request) -> WorkflowResponse.newBuilder()
        .setResponse(method.equals("QueryWorkflow") ? queried.toByteString() : started.toByteString()).build();

    assertThat(harness.stub.queryWorkflow(query().build())).isEqualTo(queried);
    assertThat(harness.stub.signalWithStartWorkflowExecution(signalWithStart().build())).isEqualTo(started);
  }

  @Test
  void historyStatusesReachTheCallerUnchanged() {
    harness.history.calls.answer = (method, request) -> {
      throw Status.DEADLINE_EXCEEDED.withDescription("no worker polled task queue checkout").asRuntimeException();
    };
    StatusRuntimeException e = catchStatus(() -> harness.stub.queryWorkflow(query().build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(e.getStatus().getDescription()).isEqualTo("no worker polled task queue checkout");

    harness.history.calls.answer = (method, request) -> {
      throw Status.NOT_FOUND.withDescription("workflow execution already completed").asRuntimeException();
    };
    e = catchStatus(() -> harness.stub.signalWorkflowExecution(signal().build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void badSignalsAreRefusedBeforeHistory() {
    assertInvalid(() -> harness.stub.signalWorkflowExecution(signal().setSignalName("").build()), "signal_name");
    assertInvalid(() -> harness.stub.signalWorkflowExecution(signal().setSignalName(TOO_LONG).build()), "signal_name");
    assertInvalid(() -> harness.stub.signalWorkflowExecution(signal().clearWorkflowExecution().build()),
        "workflow_execution.workflow_id");
    assertInvalid(() -> harness.stub.signalWorkflowExecution(signal().setWorkflowExecution(
        WorkflowExecution.newBuilder().setWorkflowId("order-1").setRunId("nope")).build()), "workflow_execution.run_id");
    assertInvalid(() -> harness.stub.signalWorkflowExecution(signal().setInput(BIG).build()), "input");
    assertInvalid(() -> harness.stub.signalWorkflowExecution(signal().setIdentity(TOO_LONG).build()), "identity");
    assertInvalid(() -> harness.stub.signalWorkflowExecution(signal().setRequestId(TOO_LONG).build()), "request_id");
    assertInvalid(() -> harness.stub.signalWorkflowExecution(signal().setNamespace("").build()), "namespace");
    assertThat(catchStatus(() -> harness.stub.signalWorkflowExecution(signal().setNamespace("nope").build()))
        .getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(harness.history.calls.received()).isEmpty();
  }

  @Test
  void badSignalWithStartsAreRefusedAsStartsAndAsSignals() {
    assertInvalid(() -> harness.stub.signalWithStartWorkflowExecution(signalWithStart().setWorkflowId("").build()), "workflow_id");
    assertInvalid(() -> harness.stub.signalWithStartWorkflowExecution(signalWithStart().clearWorkflowType().build()),
        "workflow_type.name");
    assertInvalid(() -> harness.stub.signalWithStartWorkflowExecution(signalWithStart().clearTaskQueue().build()), "task_queue");
    assertInvalid(() -> harness.stub.signalWithStartWorkflowExecution(signalWithStart()
        .setWorkflowRunTimeout(Duration.newBuilder().setSeconds(-1)).build()), "workflow_run_timeout");
    assertInvalid(() -> harness.stub.signalWithStartWorkflowExecution(signalWithStart().setInput(BIG).build()), "input");
    assertInvalid(() -> harness.stub.signalWithStartWorkflowExecution(signalWithStart().setSignalName("").build()), "signal_name");
    assertInvalid(() -> harness.stub.signalWithStartWorkflowExecution(signalWithStart().setSignalInput(BIG).build()),
        "signal_input");
    assertThat(harness.history.calls.received()).isEmpty();
  }

  @Test
  void badCancelsAndTerminationsAreRefused() {
    assertInvalid(() -> harness.stub.requestCancelWorkflowExecution(cancel().clearWorkflowExecution().build()),
        "workflow_execution.workflow_id");
    assertInvalid(() -> harness.stub.requestCancelWorkflowExecution(cancel().setFirstExecutionRunId("x").build()),
        "first_execution_run_id");
    assertInvalid(() -> harness.stub.terminateWorkflowExecution(terminate().setDetails(BIG).build()), "details");
    assertInvalid(() -> harness.stub.terminateWorkflowExecution(terminate().setIdentity(TOO_LONG).build()), "identity");
    assertThat(harness.history.calls.received()).isEmpty();
  }

  @Test
  void badQueriesAreRefused() {
    assertInvalid(() -> harness.stub.queryWorkflow(query().clearQuery().build()), "query");
    assertInvalid(() -> harness.stub.queryWorkflow(query().setQuery(WorkflowQuery.newBuilder()).build()), "query.query_type");
    assertInvalid(() -> harness.stub.queryWorkflow(query().setQuery(WorkflowQuery.newBuilder().setQueryType(TOO_LONG))
        .build()), "query.query_type");
    assertInvalid(() -> harness.stub.queryWorkflow(query().setQuery(WorkflowQuery.newBuilder().setQueryType("status")
        .setQueryArgs(BIG)).build()), "query.query_args");
    assertInvalid(() -> harness.stub.queryWorkflow(query().clearExecution().build()), "execution.workflow_id");
    assertInvalid(() -> harness.stub.queryWorkflow(query().setQueryRejectConditionValue(99).build()), "query_reject_condition");
    assertThat(harness.history.calls.received()).isEmpty();
  }

  private static ByteString request(FakeCalls.Call call) {
    return ((WorkflowRequest) call.request()).getRequest();
  }
}
