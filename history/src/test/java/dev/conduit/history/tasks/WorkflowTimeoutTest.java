package dev.conduit.history.tasks;

import static dev.conduit.history.testing.Commands.startTimer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.WorkflowKey;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Run and execution timeouts, and user timers. */
class WorkflowTimeoutTest {
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  private static com.google.protobuf.Duration seconds(long s) {
    return com.google.protobuf.Duration.newBuilder().setSeconds(s).build();
  }

  @Test
  void runTimeoutClosesTheRunAndFailsTheStartedTask() {
    WorkflowKey key = env.startWorkflow(env.startRequest("wto-1").setWorkflowRunTimeout(seconds(30)));
    env.completeWorkflowTask(env.pollWorkflowTask(key), startTimer("t1", Duration.ofSeconds(25)));
    env.advance(Duration.ofSeconds(25));
    env.pollWorkflowTask(key);
    env.advance(Duration.ofSeconds(4));
    assertThat(env.state(key).getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING_VALUE);
    env.advance(Duration.ofSeconds(1));

    List<HistoryEvent> events = env.events(key);
    assertThat(events).extracting(HistoryEvent::getEventType).endsWith(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT);
    assertThat(events.get(events.size() - 2).getWorkflowTaskFailedEventAttributes().getCause())
        .isEqualTo(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND);
    assertThat(events.get(events.size() - 1).getWorkflowExecutionTimedOutEventAttributes().getRetryState())
        .isEqualTo(RetryState.RETRY_STATE_TIMEOUT);
    assertThat(env.state(key).getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT_VALUE);
    int count = events.size();
    env.advance(Duration.ofSeconds(30));
    assertThat(env.events(key)).as("a closed run schedules nothing more").hasSize(count);
  }

  @Test
  void executionTimeoutFiresWhenItIsEarlierThanTheRunTimeout() {
    WorkflowKey key = env.startWorkflow(env.startRequest("wto-2").setWorkflowExecutionTimeout(seconds(20)));
    env.advance(Duration.ofMillis(19_999));
    assertThat(env.state(key).getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING_VALUE);
    env.advance(Duration.ofMillis(1));
    assertThat(env.state(key).getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT_VALUE);
    assertThat(env.eventTypes(key)).containsExactly(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT);
  }

  @Test
  void userTimerFiresAtItsTimeAndSchedulesAWorkflowTask() {
    WorkflowKey key = env.startWorkflow("wto-3");
    env.completeWorkflowTask(env.pollWorkflowTask(key), startTimer("t1", Duration.ofSeconds(90)));
    env.advance(Duration.ofMillis(89_999));
    assertThat(env.eventTypes(key)).doesNotContain(EventType.EVENT_TYPE_TIMER_FIRED);
    env.advance(Duration.ofMillis(1));
    List<HistoryEvent> events = env.events(key);
    HistoryEvent fired = events.get(events.size() - 2);
    assertThat(fired.getEventType()).isEqualTo(EventType.EVENT_TYPE_TIMER_FIRED);
    assertThat(fired.getTimerFiredEventAttributes().getTimerId()).isEqualTo("t1");
    assertThat(fired.getTimerFiredEventAttributes().getStartedEventId()).isEqualTo(5);
    assertThat(events.get(events.size() - 1).getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    assertThat(env.state(key).getTimersCount()).isZero();
  }
}
