package dev.conduit.bench.jmh;

import com.google.protobuf.ByteString;
import dev.conduit.history.HistoryConfig;
import dev.conduit.history.NamespaceEntry;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.history.workflow.ActivityStateMachine;
import dev.conduit.history.workflow.EventFactory;
import dev.conduit.history.workflow.MutableState;
import dev.conduit.history.workflow.WorkflowLifecycle;
import dev.conduit.history.workflow.WorkflowTaskStateMachine;
import dev.conduit.history.workflow.WorkflowTransaction;
import dev.conduit.proto.persistence.v1.ActivityInfo;
import dev.conduit.proto.persistence.v1.ExecutionInfo;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import io.temporal.api.command.v1.ScheduleActivityTaskCommandAttributes;
import io.temporal.api.common.v1.ActivityType;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.history.v1.WorkflowTaskCompletedEventAttributes;
import io.temporal.api.taskqueue.v1.TaskQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The seven state changes of one hello-world run (start; workflow task started, completed with a
 * ScheduleActivityTask command; activity started, completed; workflow task started, completed with
 * CompleteWorkflowExecution) as history's state machines make them, without persistence or RPC.
 * Each step takes the committed mutable state of the one before, as the shard hands it over.
 */
public final class HelloWorldRun {
  public static final NamespaceEntry NAMESPACE = new NamespaceEntry("5b0c3f9e-bench", "default", 0, Duration.ofDays(1));
  public static final HistoryConfig CONFIG = HistoryConfig.defaults();
  static final String TASK_QUEUE = "bench-task-queue";
  private static final String IDENTITY = "1234@bench-worker";

  private HelloWorldRun() {}

  /** The steps after the start, in order, each from the committed state of the one before. */
  static final List<Function<MutableStateRecord, WorkflowTransaction>> STEPS = List.of(
      state -> step(state, tx -> WorkflowTaskStateMachine.start(tx, "req-1", IDENTITY)),
      state -> step(state, tx -> ActivityStateMachine.schedule(tx, WorkflowTaskStateMachine.complete(tx,
          WorkflowTaskCompletedEventAttributes.newBuilder().setIdentity(IDENTITY)), scheduleActivity())),
      state -> step(state, tx -> ActivityStateMachine.start(tx, pendingActivity(tx), "req-2", IDENTITY)),
      state -> step(state, tx -> ActivityStateMachine.complete(tx, pendingActivity(tx), payloads("Hello w|1"), IDENTITY)),
      state -> step(state, tx -> WorkflowTaskStateMachine.start(tx, "req-3", IDENTITY)),
      state -> step(state, tx -> WorkflowLifecycle.complete(tx, WorkflowTaskStateMachine.complete(tx,
          WorkflowTaskCompletedEventAttributes.newBuilder().setIdentity(IDENTITY)), payloads("Hello w|1"))));

  /** The first transaction: WorkflowExecutionStarted and the first workflow task. */
  public static WorkflowTransaction start(String workflowId) {
    Instant now = Instant.now();
    String runId = workflowId + "-run";
    ExecutionInfo info = ExecutionInfo.newBuilder()
        .setNamespaceId(NAMESPACE.id()).setWorkflowId(workflowId).setRunId(runId).setFirstRunId(runId)
        .setWorkflowType("BenchWorkflow").setTaskQueue(TASK_QUEUE)
        .setExecutionTimeout(ProtoTime.duration(Duration.ofSeconds(60)))
        .setRunTimeout(ProtoTime.duration(Duration.ofSeconds(60)))
        .setDefaultWorkflowTaskTimeout(ProtoTime.duration(Duration.ofSeconds(10)))
        .setStartTime(ProtoTime.timestamp(now)).setExecutionTime(ProtoTime.timestamp(now))
        .setCreateRequestId("req-0").setIdentity(IDENTITY).setStartVersion(NAMESPACE.failoverVersion())
        .build();
    WorkflowTransaction tx = WorkflowTransaction.create(MutableState.newRun(info), NAMESPACE, CONFIG, now);
    tx.append(EventFactory.workflowExecutionStarted(WorkflowExecutionStartedEventAttributes.newBuilder()
        .setWorkflowType(WorkflowType.newBuilder().setName("BenchWorkflow"))
        .setTaskQueue(TaskQueue.newBuilder().setName(TASK_QUEUE).setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL))
        .setInput(payloads("w"))
        .setWorkflowExecutionTimeout(ProtoTime.duration(Duration.ofSeconds(60)))
        .setWorkflowRunTimeout(ProtoTime.duration(Duration.ofSeconds(60)))
        .setWorkflowTaskTimeout(ProtoTime.duration(Duration.ofSeconds(10)))
        .setOriginalExecutionRunId(runId).setFirstExecutionRunId(runId)
        .setIdentity(IDENTITY).setAttempt(1).setWorkflowId(workflowId)
        .build()));
    WorkflowTaskStateMachine.schedule(tx, 1);
    tx.finish();
    return tx;
  }

  /** Every transaction of a run, the start first. */
  public static List<WorkflowTransaction> run(String workflowId) {
    List<WorkflowTransaction> transactions = new ArrayList<>();
    WorkflowTransaction tx = start(workflowId);
    transactions.add(tx);
    for (Function<MutableStateRecord, WorkflowTransaction> step : STEPS) {
      tx = step.apply(tx.state().snapshot());
      transactions.add(tx);
    }
    return transactions;
  }

  /** The run's whole history, in event id order. */
  public static List<HistoryEvent> history(String workflowId) {
    return run(workflowId).stream().flatMap(tx -> tx.events().stream()).toList();
  }

  static Payloads payloads(String json) {
    return Payloads.newBuilder().addPayloads(Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8("\"" + json + "\""))).build();
  }

  private static WorkflowTransaction step(MutableStateRecord committed, Consumer<WorkflowTransaction> change) {
    WorkflowTransaction tx = WorkflowTransaction.update(committed, NAMESPACE, CONFIG, Instant.now());
    change.accept(tx);
    tx.finish();
    return tx;
  }

  private static ActivityInfo pendingActivity(WorkflowTransaction tx) {
    return tx.state().activities().iterator().next();
  }

  private static ScheduleActivityTaskCommandAttributes scheduleActivity() {
    return ScheduleActivityTaskCommandAttributes.newBuilder()
        .setActivityId("1")
        .setActivityType(ActivityType.newBuilder().setName("BenchStep"))
        .setTaskQueue(TaskQueue.newBuilder().setName(TASK_QUEUE).setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL))
        .setInput(payloads("Hello w"))
        .setStartToCloseTimeout(ProtoTime.duration(Duration.ofSeconds(30)))
        .build();
  }
}
