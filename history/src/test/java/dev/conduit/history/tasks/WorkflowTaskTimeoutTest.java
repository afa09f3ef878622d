package dev.conduit.history.tasks;

import static dev.conduit.history.testing.Commands.activity;
import static dev.conduit.history.testing.Commands.completeWorkflow;
import static dev.conduit.history.testing.Commands.scheduleActivity;
import static dev.conduit.history.testing.Commands.startTimer;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.matching.v1.AddTaskRequest;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Workflow task start-to-close timeouts, transient retries, and the sticky schedule-to-start fallback. */
class WorkflowTaskTimeoutTest {
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void startToCloseTimeoutRecordsTheTimeoutAndRetriesAsATransientTask() {
    WorkflowKey key = env.startWorkflow("wt-1");
    env.pollWorkflowTask(key);
    env.advance(Duration.ofMillis(9_999));
    assertThat(env.eventTypes(key)).doesNotContain(EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
    env.advance(Duration.ofMillis(1));
    List<HistoryEvent> events = env.events(key);
    assertThat(events).extracting(HistoryEvent::getEventType).containsExactly(EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
        EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, EVENT_TYPE_WORKFLOW_TASK_STARTED, EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
    assertThat(events.get(3).getWorkflowTaskTimedOutEventAttributes().getTimeoutType())
        .isEqualTo(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE);
    assertThat(env.state(key).getWorkflowTask().getAttempt()).isEqualTo(2);
    assertThat(env.state(key).getWorkflowTask().getTransient()).isTrue();
    assertThat(env.lastWorkflowDispatch(key).getScheduledEventId()).as("reserved id of the transient task").isEqualTo(5);

    PollWorkflowTaskQueueResponse retry = env.pollWorkflowTask(key);
    assertThat(retry.getAttempt()).isEqualTo(2);
    assertThat(retry.getStartedEventId()).isEqualTo(6);
    assertThat(retry.getHistory().getEventsList()).extracting(HistoryEvent::getEventType).containsExactly(
        EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, EVENT_TYPE_WORKFLOW_TASK_STARTED,
        EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT, EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, EVENT_TYPE_WORKFLOW_TASK_STARTED);
    assertThat(env.events(key)).as("transient events stay out of history").hasSize(4);

    env.completeWorkflowTask(retry, completeWorkflow("ok"));
    List<HistoryEvent> after = env.events(key);
    assertThat(after).extracting(HistoryEvent::getEventType).endsWith(EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
        EVENT_TYPE_WORKFLOW_TASK_STARTED, EVENT_TYPE_WORKFLOW_TASK_COMPLETED, EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    assertThat(after.get(4).getWorkflowTaskScheduledEventAttributes().getAttempt()).isEqualTo(2);
    for (int i = 0; i < after.size(); i++) {
      assertThat(after.get(i).getEventId()).isEqualTo(i + 1);
    }
  }

  @Test
  void repeatedFailuresOfATransientTaskDoNotGrowHistory() {
    WorkflowKey key = env.startWorkflow("wt-2");
    for (int attempt = 1; attempt <= 4; attempt++) {
      PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(key);
      assertThat(task.getAttempt()).isEqualTo(attempt);
      env.respondWorkflowTaskFailed.invoke(HistoryTestEnv.NAMESPACE_ID, RespondWorkflowTaskFailedRequest.newBuilder()
          .setTaskToken(task.getTaskToken()).setIdentity("worker-1").build());
      env.processTransfers();
    }
    assertThat(env.eventTypes(key)).as("only the first failure is recorded").containsExactly(
        EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, EVENT_TYPE_WORKFLOW_TASK_STARTED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
    assertThat(env.state(key).getWorkflowTask().getAttempt()).isEqualTo(5);
  }

  @Test
  void aCompletionTooLargeForGrpcTerminatesTheRunInsteadOfRetrying() {
    WorkflowKey key = env.startWorkflow("wt-too-large");
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(key);
    env.respondWorkflowTaskFailed.invoke(HistoryTestEnv.NAMESPACE_ID, RespondWorkflowTaskFailedRequest.newBuilder()
        .setTaskToken(task.getTaskToken()).setIdentity("worker-1")
        .setCause(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_GRPC_MESSAGE_TOO_LARGE).build());
    env.processTransfers();
    List<HistoryEvent> events = env.events(key);
    assertThat(events).extracting(HistoryEvent::getEventType).containsExactly(
        EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, EVENT_TYPE_WORKFLOW_TASK_STARTED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
    assertThat(events.get(3).getWorkflowTaskFailedEventAttributes().getCause())
        .as("as on Temporal: the started task is force-closed by the terminate")
        .isEqualTo(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND);
    assertThat(events.get(4).getWorkflowExecutionTerminatedEventAttributes().getReason())
        .isEqualTo("WORKFLOW_TASK_FAILED_CAUSE_GRPC_MESSAGE_TOO_LARGE");
    assertThat(env.state(key).hasWorkflowTask()).as("no retry is scheduled").isFalse();
  }

  @Test
  void newEventTurnsAScheduledTransientTaskIntoANormalOne() {
    WorkflowKey key = env.startWorkflow("wt-3");
    env.completeWorkflowTask(env.pollWorkflowTask(key),
        scheduleActivity(activity("a1").setStartToCloseTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(60))),
        startTimer("t1", Duration.ofSeconds(30)));
    PollActivityTaskQueueResponse activity = env.pollActivityTask(key);
    env.advance(Duration.ofSeconds(30));
    env.pollWorkflowTask(key);
    env.advance(Duration.ofSeconds(10));
    assertThat(env.state(key).getWorkflowTask().getTransient()).isTrue();
    long reserved = env.state(key).getWorkflowTask().getScheduledEventId();
    assertThat(env.events(key)).hasSize((int) reserved - 1);

    env.completeActivity(activity, "done");
    List<HistoryEvent> events = env.events(key);
    HistoryEvent scheduled = events.get((int) reserved - 1);
    assertThat(scheduled.getEventType()).isEqualTo(EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    assertThat(scheduled.getWorkflowTaskScheduledEventAttributes().getAttempt()).isEqualTo(1);
    assertThat(events.subList((int) reserved, events.size())).extracting(HistoryEvent::getEventType)
        .containsExactly(EVENT_TYPE_ACTIVITY_TASK_STARTED, EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
    assertThat(env.state(key).getWorkflowTask().getTransient()).isFalse();
    assertThat(env.state(key).getWorkflowTask().getScheduledEventId()).isEqualTo(reserved);

    PollWorkflowTaskQueueResponse normal = env.pollWorkflowTask(key);
    assertThat(normal.getAttempt()).isEqualTo(1);
    assertThat(normal.getHistory().getEventsList()).extracting(HistoryEvent::getEventType)
        .endsWith(EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, EVENT_TYPE_ACTIVITY_TASK_STARTED, EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
            EVENT_TYPE_WORKFLOW_TASK_STARTED);
  }

  @Test
  void stickyTaskNotTakenInTimeGoesToTheNormalQueueWithFullHistory() {
    WorkflowKey key = env.startWorkflow("wt-sticky");
    env.completeWorkflowTaskSticky(env.pollWorkflowTask(key), startTimer("t1", Duration.ofSeconds(1)));
    env.advance(Duration.ofSeconds(1));
    AddTaskRequest sticky = env.lastWorkflowDispatch(key);
    assertThat(sticky.getTaskQueue().getSticky()).isTrue();

    env.advance(Duration.ofMillis(4_999));
    assertThat(env.lastWorkflowDispatch(key)).isEqualTo(sticky);
    env.advance(Duration.ofMillis(1));
    List<HistoryEvent> events = env.events(key);
    HistoryEvent timedOut = events.get(events.size() - 2);
    assertThat(timedOut.getEventType()).isEqualTo(EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
    assertThat(timedOut.getWorkflowTaskTimedOutEventAttributes().getTimeoutType())
        .isEqualTo(TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START);
    assertThat(events.get(events.size() - 1).getEventType()).isEqualTo(EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    assertThat(env.state(key).getExecutionInfo().getStickyTaskQueue()).isEmpty();

    AddTaskRequest normal = env.lastWorkflowDispatch(key);
    assertThat(normal.getTaskQueue().getSticky()).isFalse();
    assertThat(normal.getTaskQueue().getName()).isEqualTo(HistoryTestEnv.TASK_QUEUE);
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(key);
    assertThat(task.getAttempt()).as("a sticky timeout is not a retry").isEqualTo(1);
    assertThat(task.getHistory().getEvents(0).getEventType()).as("full history").isEqualTo(EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
  }

  @Test
  void stickyPollOnAnotherWorkersQueueGetsFullHistory() {
    WorkflowKey key = env.startWorkflow("wt-other");
    env.completeWorkflowTaskSticky(env.pollWorkflowTask(key), startTimer("t1", Duration.ofSeconds(1)));
    env.resetSticky.invoke(HistoryTestEnv.NAMESPACE_ID, key.workflowId(), key.runId());
    env.advance(Duration.ofSeconds(1));
    AddTaskRequest dispatch = env.lastWorkflowDispatch(key);
    assertThat(dispatch.getTaskQueue().getSticky()).as("reset stickiness: normal queue").isFalse();
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(key);
    assertThat(task.getHistory().getEvents(0).getEventId()).isEqualTo(1);
  }
}
