package dev.conduit.frontend;

import static dev.conduit.frontend.Statuses.assertInvalid;
import static dev.conduit.frontend.Statuses.catchStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.conduit.config.dynamic.DynamicConfig;
import dev.conduit.proto.matching.v1.PollRequest;
import dev.conduit.proto.matching.v1.TaskQueueKey;
import dev.conduit.proto.matching.v1.TaskQueueType;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Worker polls forwarded to matching, and the waiting form of GetWorkflowExecutionHistory. */
class LongPollTest {
  private static final Duration SHORT_LONG_POLL = Duration.ofMillis(300);

  private WorkflowHarness harness = new WorkflowHarness();

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private static PollWorkflowTaskQueueRequest.Builder workflowPoll(TaskQueue queue) {
    return PollWorkflowTaskQueueRequest.newBuilder().setNamespace("orders").setTaskQueue(queue).setIdentity("worker@host");
  }

  @Test
  void aWorkflowPollGoesToMatchingForItsQueueWithALongPollDeadline() {
    PollWorkflowTaskQueueRequest poll = workflowPoll(TaskQueue.newBuilder().setName("checkout").build()).build();
    harness.stub.pollWorkflowTaskQueue(poll);

    FakeCalls.Call call = harness.matching.calls.only();
    PollRequest forwarded = (PollRequest) call.request();
    assertThat(forwarded.getTaskQueue()).isEqualTo(TaskQueueKey.newBuilder().setNamespaceId(harness.ordersId)
        .setName("checkout").setType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW).build());
    assertThat(forwarded.getRequest()).isEqualTo(poll.toByteString());
    assertThat(forwarded.getPollerId()).isNotEmpty();
    // the harness client allows 30 s; the frontend's own 65 s would come second
    assertThat(call.deadlineMillis()).isBetween(25_000L, 30_000L);
  }

  @Test
  void theForwardedDeadlineIsALittleAboveMatchingsExpiry() {
    harness.asyncStub.pollWorkflowTaskQueue(workflowPoll(TaskQueue.newBuilder().setName("checkout").build()).build(),
        new Ignore<>());
    org.awaitility.Awaitility.await().until(() -> !harness.matching.calls.received().isEmpty());
    assertThat(harness.matching.calls.only().deadlineMillis()).isBetween(60_000L, 65_000L);
  }

  @Test
  void aStickyPollIsAQueueOfItsOwn() {
    harness.stub.pollWorkflowTaskQueue(workflowPoll(TaskQueue.newBuilder().setName("host:sticky-1")
        .setKind(TaskQueueKind.TASK_QUEUE_KIND_STICKY).setNormalName("checkout").build()).build());
    TaskQueueKey key = ((PollRequest) harness.matching.calls.only().request()).getTaskQueue();
    assertThat(key.getName()).isEqualTo("host:sticky-1");
    assertThat(key.getSticky()).isTrue();
  }

  @Test
  void anExpiredPollAnswersEmpty() {
    // the fake answers empty bytes by default, which is how matching says "expired"
    assertThat(harness.stub.pollWorkflowTaskQueue(workflowPoll(TaskQueue.newBuilder().setName("q").build()).build()))
        .isEqualTo(PollWorkflowTaskQueueResponse.getDefaultInstance());
    assertThat(harness.stub.pollActivityTaskQueue(PollActivityTaskQueueRequest.newBuilder().setNamespace("orders")
        .setTaskQueue(TaskQueue.newBuilder().setName("q")).build()))
        .isEqualTo(PollActivityTaskQueueResponse.getDefaultInstance());
    assertThat(((PollRequest) harness.matching.calls.received().get(1).request()).getTaskQueue().getType())
        .isEqualTo(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY);
  }

  @Test
  void aMatchedTaskReachesTheWorker() {
    PollActivityTaskQueueResponse task = PollActivityTaskQueueResponse.newBuilder()
        .setTaskToken(ByteString.copyFromUtf8("t")).setActivityId("a1").build();
    harness.matching.calls.answer = (method, request) -> dev.conduit.proto.matching.v1.PollActivityTaskQueueResponse
        .newBuilder().setResponse(task.toByteString()).build();
    assertThat(harness.stub.pollActivityTaskQueue(PollActivityTaskQueueRequest.newBuilder().setNamespace("orders")
        .setTaskQueue(TaskQueue.newBuilder().setName("q")).build())).isEqualTo(task);
  }

  @Test
  void aPollPastItsForwardedDeadlineAnswersEmpty() throws Exception {
    shortLongPolls();
    CountDownLatch deadlinePassed = new CountDownLatch(1);
    harness.matching.calls.answer = (method, request) -> {
      if (waitForCancellation()) {
        deadlinePassed.countDown();
      }
      return null;
    };
    assertThat(harness.stub.pollWorkflowTaskQueue(workflowPoll(TaskQueue.newBuilder().setName("q").build()).build()))
        .isEqualTo(PollWorkflowTaskQueueResponse.getDefaultInstance());
    // the forwarded call carried the short long-poll deadline, not the client's 30 s, and that deadline ended it
    assertThat(harness.matching.calls.only().deadlineMillis()).isBetween(0L, SHORT_LONG_POLL.toMillis());
    assertThat(deadlinePassed.await(10, TimeUnit.SECONDS)).as("matching saw its call cancelled by the deadline").isTrue();
  }

  @Test
  void aClientThatCancelsItsPollCancelsTheForwardedCall() throws Exception {
    CountDownLatch polling = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    harness.matching.calls.answer = (method, request) -> {
      polling.countDown();
      if (waitForCancellation()) {
        cancelled.countDown();
      }
      return null;
    };
    Context.CancellableContext client = Context.current().withCancellation();
    client.run(() -> harness.asyncStub.pollWorkflowTaskQueue(
        workflowPoll(TaskQueue.newBuilder().setName("q").build()).build(), new Ignore<>()));
    assertThat(polling.await(10, TimeUnit.SECONDS)).isTrue();
    client.cancel(null);
    assertThat(cancelled.await(10, TimeUnit.SECONDS)).as("matching saw the poll cancelled").isTrue();
  }

  @Test
  void pollsNeedANamespaceAndATaskQueue() {
    assertInvalid(() -> harness.stub.pollWorkflowTaskQueue(PollWorkflowTaskQueueRequest.newBuilder()
        .setNamespace("orders").build()), "task_queue");
    assertInvalid(() -> harness.stub.pollActivityTaskQueue(PollActivityTaskQueueRequest.newBuilder()
        .setNamespace("orders").setTaskQueue(TaskQueue.newBuilder().setName("q")).setIdentity("i".repeat(1001))
        .build()), "identity");
    assertInvalid(() -> harness.stub.pollActivityTaskQueue(PollActivityTaskQueueRequest.newBuilder()
        .setTaskQueue(TaskQueue.newBuilder().setName("q")).build()), "namespace");
    StatusRuntimeException unknown = catchStatus(() -> harness.stub.pollWorkflowTaskQueue(
        workflowPoll(TaskQueue.newBuilder().setName("q").build()).setNamespace("nope").build()));
    assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(harness.matching.calls.received()).isEmpty();
  }

  @Test
  void matchingErrorsReachTheWorkerUnchangedAfterBoundedRetriesOfUnavailable() {
    harness.matching.calls.answer = (method, request) -> {
      throw Status.UNAVAILABLE.withDescription("task queue lease lost").asRuntimeException();
    };
    StatusRuntimeException e = catchStatus(() -> harness.stub.pollWorkflowTaskQueue(
        workflowPoll(TaskQueue.newBuilder().setName("q").build()).build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.getStatus().getDescription()).isEqualTo("task queue lease lost");
    assertThat(harness.matching.calls.received()).hasSize(3);
  }

  @Test
  void aWaitingHistoryRequestIsALongPoll() {
    GetWorkflowExecutionHistoryRequest.Builder request = GetWorkflowExecutionHistoryRequest.newBuilder()
        .setNamespace("orders").setExecution(WorkflowExecution.newBuilder().setWorkflowId("order-1"));
    harness.asyncStub.getWorkflowExecutionHistory(request.setWaitNewEvent(true).build(), new Ignore<>());
    org.awaitility.Awaitility.await().until(() -> !harness.history.calls.received().isEmpty());
    assertThat(harness.history.calls.only().deadlineMillis()).isBetween(60_000L, 65_000L);

    harness.stub.getWorkflowExecutionHistory(request.setWaitNewEvent(false).build());
    assertThat(harness.history.calls.received().get(1).deadlineMillis()).isLessThanOrEqualTo(30_000L);
  }

  @Test
  void aHistoryLongPollPastItsDeadlineAnswersAnEmptyPageToPollAgain() throws Exception {
    shortLongPolls();
    harness.history.calls.answer = (method, request) -> {
      waitForCancellation();
      return null;
    };
    GetWorkflowExecutionHistoryResponse page = harness.stub.getWorkflowExecutionHistory(
        GetWorkflowExecutionHistoryRequest.newBuilder().setNamespace("orders").setWaitNewEvent(true)
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId("order-1"))
            .setNextPageToken(ByteString.copyFromUtf8("resume-here")).build());
    assertThat(page.getHistory().getEventsCount()).isZero();
    assertThat(page.getNextPageToken().toStringUtf8()).isEqualTo("resume-here");
  }

  private void shortLongPolls() throws Exception {
    harness.close();
    harness = new WorkflowHarness(WorkflowHarness.testCalls().withLongPollTimeout(SHORT_LONG_POLL),
        DynamicConfig.defaults());
  }

  /** Blocks the fake's handler until its call is cancelled (deadline or client); false after 20 s. */
  private static boolean waitForCancellation() {
    CountDownLatch done = new CountDownLatch(1);
    Context.current().addListener(context -> done.countDown(), Runnable::run);
    try {
      return done.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static final class Ignore<T> implements StreamObserver<T> {
    @Override
    public void onNext(T value) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }
}
