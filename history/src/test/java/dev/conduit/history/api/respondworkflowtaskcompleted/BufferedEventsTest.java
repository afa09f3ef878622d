package dev.conduit.history.api.respondworkflowtaskcompleted;

import static dev.conduit.history.testing.Commands.cancelTimer;
import static dev.conduit.history.testing.Commands.completeWorkflow;
import static dev.conduit.history.testing.Commands.requestCancelActivity;
import static dev.conduit.history.testing.Commands.scheduleActivity;
import static dev.conduit.history.testing.Commands.startTimer;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_CANCELED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_FIRED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.WorkflowKey;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Events that arrive while a workflow task runs: buffered, never lost, delivered by the next task. */
class BufferedEventsTest {
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  /** Schedules two activities, starts the next workflow task after the first one completed. */
  private PollActivityTaskQueueResponse scheduleAndStart(WorkflowKey key) {
    env.completeWorkflowTask(env.pollWorkflowTask(key), scheduleActivity("a1"), startTimer("t1", Duration.ofHours(1)));
    return env.pollActivityTask(key);
  }

  @Test
  void activityResultDuringAWorkflowTaskIsBufferedAndWrittenAfterItsCompletion() {
    WorkflowKey key = env.startWorkflow("b-1");
    env.completeWorkflowTask(env.pollWorkflowTask(key), scheduleActivity("a1"), scheduleActivity("a2"));
    PollActivityTaskQueueResponse a1 = env.recordActivityTaskStarted.invoke(env.activityTaskStarted(key, 5, "r-a1"));
    env.completeActivity(a1, "one");
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(key);
    long startedId = task.getStartedEventId();

    PollActivityTaskQueueResponse a2 = env.recordActivityTaskStarted.invoke(env.activityTaskStarted(key, 6, "r-a2"));
    env.completeActivity(a2, "two");
    assertThat(env.state(key).getBufferedEventsCount()).isEqualTo(2);
    assertThat(env.events(key)).as("nothing after the started event yet").hasSize((int) startedId);

    env.completeWorkflowTask(task, startTimer("t1", Duration.ofMinutes(1)));
    List<HistoryEvent> events = env.events(key);
    List<EventType> tail = events.subList((int) startedId, events.size()).stream().map(HistoryEvent::getEventType).toList();
    assertThat(tail).containsExactly(EVENT_TYPE_WORKFLOW_TASK_COMPLETED, EVENT_TYPE_TIMER_STARTED,
        EVENT_TYPE_ACTIVITY_TASK_STARTED, EVENT_TYPE_ACTIVITY_TASK_COMPLETED, EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    HistoryEvent activityStarted = events.get((int) startedId + 2);
    HistoryEvent activityCompleted = events.get((int) startedId + 3);
    assertThat(activityCompleted.getActivityTaskCompletedEventAttributes().getStartedEventId())
        .as("buffered close event points at the flushed started event").isEqualTo(activityStarted.getEventId());
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).getEventId()).isEqualTo(i + 1);
    }
    assertThat(env.state(key).getBufferedEventsCount()).isZero();
    assertThat(env.lastWorkflowDispatch(key).getScheduledEventId()).isEqualTo(events.size());
  }

  @Test
  void completingWhileEventsArrivedFailsWithUnhandledCommandAndDeliversThem() {
    WorkflowKey key = env.startWorkflow("b-unhandled");
    env.completeWorkflowTask(env.pollWorkflowTask(key), scheduleActivity("a1"), startTimer("t0", Duration.ofSeconds(1)));
    PollActivityTaskQueueResponse activity = env.pollActivityTask(key);
    env.advance(Duration.ofSeconds(1));
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(key);
    env.completeActivity(activity, "late");

    assertThatThrownBy(() -> env.completeWorkflowTask(task, completeWorkflow("too early")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("UnhandledCommand");
    assertThat(env.state(key).getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING_VALUE);
    List<EventType> types = env.eventTypes(key);
    assertThat(types.subList(types.size() - 4, types.size())).containsExactly(EVENT_TYPE_WORKFLOW_TASK_FAILED,
        EVENT_TYPE_ACTIVITY_TASK_STARTED, EVENT_TYPE_ACTIVITY_TASK_COMPLETED, EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    HistoryEvent failed = env.events(key).get(types.size() - 4);
    assertThat(failed.getWorkflowTaskFailedEventAttributes().getCause())
        .isEqualTo(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND);
    assertThat(env.state(key).getWorkflowTask().getAttempt()).as("new events: a normal task again").isEqualTo(1);

    env.processTransfers();
    PollWorkflowTaskQueueResponse next = env.pollWorkflowTask(key);
    env.completeWorkflowTask(next, completeWorkflow("now"));
    assertThat(env.state(key).getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED_VALUE);
  }

  @Test
  void timerThatFiredDuringTheTaskCanStillBeCancelledAndItsFiredEventIsDropped() {
    WorkflowKey key = env.startWorkflow("b-timer");
    env.completeWorkflowTask(env.pollWorkflowTask(key), startTimer("t1", Duration.ofSeconds(10)),
        startTimer("t2", Duration.ofSeconds(1)));
    env.advance(Duration.ofSeconds(1));
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(key);
    env.advance(Duration.ofSeconds(9));
    assertThat(env.state(key).getBufferedEventsList()).hasSize(1);

    env.completeWorkflowTask(task, cancelTimer("t1"));
    List<EventType> types = env.eventTypes(key);
    assertThat(types).doesNotContainSequence(EVENT_TYPE_TIMER_FIRED, EVENT_TYPE_TIMER_FIRED);
    assertThat(types.stream().filter(t -> t == EVENT_TYPE_TIMER_FIRED).count()).as("only t2 fired").isEqualTo(1);
    assertThat(types).endsWith(EVENT_TYPE_WORKFLOW_TASK_COMPLETED, EVENT_TYPE_TIMER_CANCELED);
    assertThat(env.state(key).hasWorkflowTask()).as("nothing new left to deliver").isFalse();
  }

  @Test
  void cancellingAnActivityWhoseResultIsBufferedRecordsTheRequestAndDeliversTheResult() {
    WorkflowKey key = env.startWorkflow("b-cancel");
    PollActivityTaskQueueResponse activity = scheduleAndStart(key);
    env.clock.advance(Duration.ofSeconds(1));
    env.shard(key).update(key, tx -> {
      dev.conduit.history.workflow.WorkflowTaskStateMachine.schedule(tx, 1);
      return null;
    });
    env.processTransfers();
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(key);
    env.completeActivity(activity, "done");
    env.completeWorkflowTask(task, requestCancelActivity(5));
    List<EventType> types = env.eventTypes(key);
    assertThat(types).containsSubsequence(EVENT_TYPE_WORKFLOW_TASK_STARTED, EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
        EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED, EVENT_TYPE_ACTIVITY_TASK_STARTED, EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
        EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
  }
}
