package dev.conduit.history.workflow;

import static dev.conduit.history.testing.Commands.recordMarker;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.history.HistoryConfig;
import dev.conduit.history.WorkflowLimits;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.WorkflowKey;
import io.temporal.api.command.v1.Command;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** History size and count limits: warned (suggest continue-as-new), then terminated with Temporal's reason. */
class HistoryLimitsTest {
  private HistoryTestEnv env;

  @AfterEach
  void close() {
    env.close();
  }

  private void limits(long sizeWarn, long sizeLimit, long countWarn, long countLimit) {
    env = new HistoryTestEnv(HistoryConfig.defaults().withWorkflowLimits(WorkflowLimits.defaults()
        .withHistoryLimits(sizeWarn, sizeLimit, countWarn, countLimit)), 2);
  }

  private static Command[] markers(int count) {
    return Collections.nCopies(count, recordMarker("m")).toArray(Command[]::new);
  }

  @Test
  void aRunPastTheEventCountLimitIsTerminatedWhenItsNextTaskCompletes() {
    limits(Long.MAX_VALUE, Long.MAX_VALUE, 10, 20);
    WorkflowKey key = env.startWorkflow("limit-count");
    env.completeWorkflowTask(env.pollWorkflowTask(key), markers(8));
    env.signal("limit-count", "", "more", "x");
    env.processTransfers();
    PollWorkflowTaskQueueResponse warned = env.pollWorkflowTask(key);
    HistoryEvent started = warned.getHistory().getEventsList().get(warned.getHistory().getEventsCount() - 1);
    assertThat(started.getWorkflowTaskStartedEventAttributes().getSuggestContinueAsNew()).isTrue();
    assertThat(started.getWorkflowTaskStartedEventAttributes().getHistorySizeBytes()).isPositive();
    env.completeWorkflowTask(warned, markers(10));
    env.signal("limit-count", "", "more", "y");
    env.processTransfers();

    env.completeWorkflowTask(env.pollWorkflowTask(key), markers(1));

    List<HistoryEvent> events = env.events(key);
    HistoryEvent last = events.get(events.size() - 1);
    assertThat(last.getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
    assertThat(last.getWorkflowExecutionTerminatedEventAttributes().getReason())
        .isEqualTo("Workflow history count exceeds limit.");
    assertThat(env.state(key).getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED_VALUE);
    assertThat(env.state(key).getHistorySizeWarned()).isTrue();
  }

  @Test
  void aRunPastTheSizeLimitIsTerminated() {
    limits(500, 1000, Long.MAX_VALUE, Long.MAX_VALUE);
    WorkflowKey key = env.startWorkflow("limit-size");
    env.completeWorkflowTask(env.pollWorkflowTask(key), markers(30));
    env.signal("limit-size", "", "more", "x");
    env.processTransfers();

    env.completeWorkflowTask(env.pollWorkflowTask(key), markers(1));

    List<HistoryEvent> events = env.events(key);
    assertThat(events.get(events.size() - 1).getWorkflowExecutionTerminatedEventAttributes().getReason())
        .isEqualTo("Workflow history size exceeds limit.");
    assertThat(env.state(key).getHistorySizeBytes())
        .isEqualTo(events.stream().mapToLong(HistoryEvent::getSerializedSize).sum());
  }
}
