package dev.conduit.it.semantics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.conduit.it.support.SdkHarness;
import dev.conduit.it.support.TestCluster;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.TerminatedFailure;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-run limits set through dynamic config for the namespace, with Temporal's keys, as an operator
 * would: a run past the event-count warning is told to continue as new and past the limit is
 * terminated; a signal past the per-execution maximum is refused and not recorded.
 */
class WorkflowLimitsIT {
  private static final int COUNT_WARN = 20;
  private static final int COUNT_LIMIT = 40;
  private static final int MAX_SIGNALS = 3;
  private static final String TASK_QUEUE = SdkHarness.taskQueue("limits");
  private static SdkHarness sdk;

  @WorkflowInterface
  public interface Ticker {
    @WorkflowMethod
    int run(int ticks);
  }

  public static class TickerImpl implements Ticker {
    @Override
    public int run(int ticks) {
      for (int i = 0; i < ticks; i++) {
        Workflow.sleep(Duration.ofMillis(10));
      }
      return ticks;
    }
  }

  @WorkflowInterface
  public interface Inbox {
    @WorkflowMethod
    void run();

    @SignalMethod
    void post(String message);
  }

  public static class InboxImpl implements Inbox {
    @Override
    public void run() {
      Workflow.await(() -> false);
    }

    @Override
    public void post(String message) {}
  }

  @BeforeAll
  static void startCluster() {
    sdk = SdkHarness.onNewCluster(String.join("\n",
        namespaceLimit("limit.historyCount.warn", COUNT_WARN),
        namespaceLimit("limit.historyCount.error", COUNT_LIMIT),
        namespaceLimit("history.maximumSignalsPerExecution", MAX_SIGNALS)));
    sdk.startWorker(TASK_QUEUE, worker -> worker.registerWorkflowImplementationTypes(TickerImpl.class, InboxImpl.class));
  }

  private static String namespaceLimit(String key, int value) {
    return key + ":\n  - value: " + value + "\n    constraints:\n      namespace: \"" + TestCluster.NAMESPACE + "\"\n";
  }

  @AfterAll
  static void stopCluster() {
    if (sdk != null) {
      sdk.close(); // and its cluster
    }
  }

  private static WorkflowOptions options(String workflowId) {
    return SdkHarness.options(TASK_QUEUE, workflowId);
  }

  @Test
  void aRunPastTheEventCountLimitIsToldToContinueAsNewThenTerminated() {
    String id = "ticker-" + UUID.randomUUID();
    Ticker ticker = sdk.client().newWorkflowStub(Ticker.class, options(id));

    Throwable failure = catchThrowable(() -> ticker.run(100));

    assertThat(failure).isInstanceOf(WorkflowFailedException.class).hasCauseInstanceOf(TerminatedFailure.class);
    List<HistoryEvent> events = sdk.client().fetchHistory(id).getHistory().getEventsList();
    HistoryEvent last = events.get(events.size() - 1);
    assertThat(last.getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
    assertThat(last.getWorkflowExecutionTerminatedEventAttributes().getReason())
        .isEqualTo("Workflow history count exceeds limit.");
    assertThat(events.size()).as("terminated at the first workflow task completed past the limit")
        .isGreaterThan(COUNT_LIMIT).isLessThan(COUNT_LIMIT + 10);
    List<HistoryEvent> started = events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED).toList();
    assertThat(started.get(0).getWorkflowTaskStartedEventAttributes().getSuggestContinueAsNew()).isFalse();
    assertThat(started.stream().filter(e -> e.getEventId() > COUNT_WARN + 1))
        .as("every workflow task past the warning suggests continue-as-new").isNotEmpty()
        .allMatch(e -> e.getWorkflowTaskStartedEventAttributes().getSuggestContinueAsNew());
  }

  @Test
  void aSignalPastThePerExecutionMaximumIsRefusedAndNotRecorded() {
    String id = "inbox-" + UUID.randomUUID();
    Inbox inbox = sdk.client().newWorkflowStub(Inbox.class, options(id));
    WorkflowStub.fromTyped(inbox).start();
    for (int i = 0; i < MAX_SIGNALS; i++) {
      inbox.post("message " + i);
    }

    Throwable refused = catchThrowable(() -> inbox.post("one too many"));

    Throwable cause = refused;
    while (cause != null && !(cause instanceof StatusRuntimeException)) {
      cause = cause.getCause();
    }
    assertThat(cause).as("refusal %s", refused).isInstanceOf(StatusRuntimeException.class);
    assertThat(((StatusRuntimeException) cause).getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(cause).hasMessageContaining("exceeded workflow execution limit for signal events");
    // A signal that arrives while a workflow task runs is buffered and written when the task completes,
    // so the accepted ones may reach the history a moment after they were answered.
    await().atMost(Duration.ofSeconds(20)).until(() -> signaled(id) >= MAX_SIGNALS);
    WorkflowStub.fromTyped(inbox).terminate("test done");
    assertThat(signaled(id)).as("the refused signal is not recorded").isEqualTo(MAX_SIGNALS);
  }

  private static long signaled(String workflowId) {
    return sdk.client().fetchHistory(workflowId).getHistory().getEventsList().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED).count();
  }
}
