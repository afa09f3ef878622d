package dev.conduit.deploy;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.Durations;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.command.v1.Command;
import io.temporal.api.command.v1.CompleteWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.ScheduleActivityTaskCommandAttributes;
import io.temporal.api.common.v1.ActivityType;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.CommandType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.failure.v1.ApplicationFailureInfo;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.taskqueue.v1.StickyExecutionAttributes;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedResponse;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc.WorkflowServiceBlockingStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs small workflows through a cluster that just started, before {@code up} returns, so that the first requests
 * of its clients do not pay for the services' cold code paths (class loading, interpreted code): measured on these
 * machines, a fresh cluster took 0.8 s from a worker's first workflow task to its completion where a warm one takes
 * 0.3 s. Each workflow is what a worker of an SDK does for a workflow with one retried activity: start, workflow
 * task with an eagerly dispatched activity and a sticky queue, the activity failing once and retried, a signal, the
 * last workflow task from the sticky queue completing the run, then its history and description are read. They run
 * in the namespace {@value #NAMESPACE}, registered for them (retention one day). The warm-up is best effort: a
 * failure is reported, and {@code up} goes on.
 */
public final class Warmup {
  public static final String NAMESPACE = "conduit-system";
  private static final String IDENTITY = "conduit-up-warmup";
  private static final Duration CALL_DEADLINE = Duration.ofSeconds(10);
  private static final int MAX_WORKFLOWS = 200;
  /** Long enough for the cold first workflows and enough warm ones after them on two cores. */
  static final Duration DEFAULT_BUDGET = Duration.ofSeconds(10);

  private Warmup() {}

  /**
   * What a warm-up did: workflows {@code workflowIdPrefix + i} for i below {@code completed} ran to completion, the
   * first in {@code first}, the last in {@code last}; {@code failure} is what stopped it early, or null.
   */
  public record Result(String workflowIdPrefix, int completed, Duration elapsed, Duration first, Duration last,
      RuntimeException failure) {
    @Override
    public String toString() {
      String done = String.format("warm-up: %d workflows in %.1f s (the first took %d ms, the last %d ms)", completed,
          elapsed.toMillis() / 1e3, first.toMillis(), last.toMillis());
      return failure == null ? done : done + "; stopped early (the cluster serves anyway): " + failure;
    }
  }

  /**
   * Runs workflows one after the other until {@code budget} has passed (or {@value #MAX_WORKFLOWS} ran); a zero
   * budget runs none.
   */
  public static Result run(String frontend, Duration budget) {
    String prefix = "warmup-" + UUID.randomUUID() + "-";
    long started = System.nanoTime();
    Duration first = Duration.ZERO;
    Duration last = Duration.ZERO;
    int count = 0;
    if (budget.isZero() || budget.isNegative()) {
      return new Result(prefix, 0, Duration.ZERO, first, last, null);
    }
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(frontend).build());
    try {
      ensureNamespace(stubs);
      long deadline = started + budget.toNanos();
      while (count < MAX_WORKFLOWS && System.nanoTime() < deadline) {
        long before = System.nanoTime();
        oneWorkflow(stubs, prefix, count);
        last = Duration.ofNanos(System.nanoTime() - before);
        if (count == 0) {
          first = last;
        }
        count++;
      }
      return new Result(prefix, count, Duration.ofNanos(System.nanoTime() - started), first, last, null);
    } catch (RuntimeException e) {
      return new Result(prefix, count, Duration.ofNanos(System.nanoTime() - started), first, last, e);
    } finally {
      stubs.shutdownNow();
    }
  }

  private static void ensureNamespace(WorkflowServiceStubs stubs) {
    try {
      stubs.blockingStub().withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS).registerNamespace(
          RegisterNamespaceRequest.newBuilder()
              .setNamespace(NAMESPACE)
              .setDescription("Workflows the cluster runs itself: the warm-up of conduit up.")
              .setWorkflowExecutionRetentionPeriod(Durations.fromDays(1))
              .build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
        throw e;
      }
    }
  }

  private static void oneWorkflow(WorkflowServiceStubs stubs, String prefix, int index) {
    String workflowId = prefix + index;
    TaskQueue queue = TaskQueue.newBuilder().setName(prefix + "queue").setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL)
        .build();
    TaskQueue sticky = TaskQueue.newBuilder().setName(prefix + "sticky")
        .setKind(TaskQueueKind.TASK_QUEUE_KIND_STICKY).setNormalName(queue.getName()).build();
    WorkflowExecution execution = WorkflowExecution.newBuilder().setWorkflowId(workflowId).build();

    call(stubs).startWorkflowExecution(StartWorkflowExecutionRequest.newBuilder()
        .setNamespace(NAMESPACE)
        .setWorkflowId(workflowId)
        .setWorkflowType(WorkflowType.newBuilder().setName("conduit-warmup"))
        .setTaskQueue(queue)
        .setInput(payloads("in"))
        .setWorkflowRunTimeout(Durations.fromMinutes(1))
        .setWorkflowTaskTimeout(Durations.fromSeconds(10))
        .setIdentity(IDENTITY)
        .setRequestId(UUID.randomUUID().toString())
        .build());

    PollWorkflowTaskQueueResponse first = pollWorkflowTask(stubs, queue);
    RespondWorkflowTaskCompletedResponse completed = call(stubs).respondWorkflowTaskCompleted(
        RespondWorkflowTaskCompletedRequest.newBuilder()
            .setNamespace(NAMESPACE)
            .setTaskToken(first.getTaskToken())
            .setIdentity(IDENTITY)
            .setStickyAttributes(StickyExecutionAttributes.newBuilder().setWorkerTaskQueue(sticky)
                .setScheduleToStartTimeout(Durations.fromSeconds(5)))
            .addCommands(Command.newBuilder().setCommandType(CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK)
                .setScheduleActivityTaskCommandAttributes(ScheduleActivityTaskCommandAttributes.newBuilder()
                    .setActivityId("1")
                    .setActivityType(ActivityType.newBuilder().setName("conduit-warmup"))
                    .setTaskQueue(queue)
                    .setInput(payloads("in"))
                    .setStartToCloseTimeout(Durations.fromSeconds(10))
                    .setRetryPolicy(RetryPolicy.newBuilder().setInitialInterval(Durations.fromMillis(1))
                        .setMaximumAttempts(3))
                    .setRequestEagerExecution(true)))
            .build());

    ByteString attempt1 = completed.getActivityTasksCount() > 0
        ? completed.getActivityTasks(0).getTaskToken() : pollActivityTask(stubs, queue).getTaskToken();
    call(stubs).respondActivityTaskFailed(RespondActivityTaskFailedRequest.newBuilder()
        .setNamespace(NAMESPACE)
        .setTaskToken(attempt1)
        .setIdentity(IDENTITY)
        .setFailure(Failure.newBuilder().setMessage("the warm-up retries once")
            .setApplicationFailureInfo(ApplicationFailureInfo.newBuilder().setType("Warmup")
                .setNextRetryDelay(Durations.fromMillis(1))))
        .build());
    call(stubs).respondActivityTaskCompleted(RespondActivityTaskCompletedRequest.newBuilder()
        .setNamespace(NAMESPACE)
        .setTaskToken(pollActivityTask(stubs, queue).getTaskToken())
        .setIdentity(IDENTITY)
        .setResult(payloads("out"))
        .build());
    call(stubs).signalWorkflowExecution(SignalWorkflowExecutionRequest.newBuilder()
        .setNamespace(NAMESPACE)
        .setWorkflowExecution(execution)
        .setSignalName("warm")
        .setInput(payloads("signal"))
        .setIdentity(IDENTITY)
        .setRequestId(UUID.randomUUID().toString())
        .build());

    PollWorkflowTaskQueueResponse last = pollWorkflowTask(stubs, sticky);
    call(stubs).respondWorkflowTaskCompleted(RespondWorkflowTaskCompletedRequest.newBuilder()
        .setNamespace(NAMESPACE)
        .setTaskToken(last.getTaskToken())
        .setIdentity(IDENTITY)
        .addCommands(Command.newBuilder().setCommandType(CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION)
            .setCompleteWorkflowExecutionCommandAttributes(CompleteWorkflowExecutionCommandAttributes.newBuilder()
                .setResult(payloads("done"))))
        .build());

    call(stubs).getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
        .setNamespace(NAMESPACE).setExecution(execution).build());
    call(stubs).describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
        .setNamespace(NAMESPACE).setExecution(execution).build());
  }

  private static PollWorkflowTaskQueueResponse pollWorkflowTask(WorkflowServiceStubs stubs, TaskQueue queue) {
    return untilTask(() -> call(stubs).pollWorkflowTaskQueue(PollWorkflowTaskQueueRequest.newBuilder()
            .setNamespace(NAMESPACE).setTaskQueue(queue).setIdentity(IDENTITY).build()),
        PollWorkflowTaskQueueResponse::getTaskToken, "workflow task", queue);
  }

  private static PollActivityTaskQueueResponse pollActivityTask(WorkflowServiceStubs stubs, TaskQueue queue) {
    return untilTask(() -> call(stubs).pollActivityTaskQueue(PollActivityTaskQueueRequest.newBuilder()
            .setNamespace(NAMESPACE).setTaskQueue(queue).setIdentity(IDENTITY).build()),
        PollActivityTaskQueueResponse::getTaskToken, "activity task", queue);
  }

  /** Polls until a task comes (a long poll that ends empty is asked again, up to the call deadline in all). */
  private static <T> T untilTask(Supplier<T> poll, Function<T, ByteString> token, String what, TaskQueue queue) {
    long deadline = System.nanoTime() + CALL_DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      T task = poll.get();
      if (!token.apply(task).isEmpty()) {
        return task;
      }
    }
    throw new IllegalStateException("no " + what + " came on " + queue.getName());
  }

  private static WorkflowServiceBlockingStub call(WorkflowServiceStubs stubs) {
    return stubs.blockingStub().withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static Payloads payloads(String text) {
    return Payloads.newBuilder().addPayloads(Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8("\"" + text + "\""))).build();
  }
}
