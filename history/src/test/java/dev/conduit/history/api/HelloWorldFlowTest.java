package dev.conduit.history.api;

import static dev.conduit.history.testing.Commands.completeWorkflow;
import static dev.conduit.history.testing.Commands.scheduleActivity;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.history.workflow.VersionHistories;
import dev.conduit.proto.matching.v1.AddTaskRequest;
import dev.conduit.proto.matching.v1.TaskQueueType;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import dev.conduit.proto.persistence.v1.VersionHistoryItem;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SDK's hello-world exchange (PROTOCOL.md) against the engine, step by step. */
class HelloWorldFlowTest {
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void helloWorldProducesTemporalsEventSequenceAndUsesTheStickyQueue() {
    WorkflowKey key = env.startWorkflow("hello-1");

    AddTaskRequest first = env.lastWorkflowDispatch(key);
    assertThat(first.getTaskQueue().getName()).isEqualTo(HistoryTestEnv.TASK_QUEUE);
    assertThat(first.getTaskQueue().getSticky()).isFalse();
    assertThat(first.getTaskQueue().getType()).isEqualTo(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW);
    assertThat(first.getScheduledEventId()).isEqualTo(2);

    PollWorkflowTaskQueueResponse task1 = env.pollWorkflowTask(key);
    assertThat(task1.getHistory().getEventsList()).extracting(HistoryEvent::getEventType)
        .containsExactly(EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EVENT_TYPE_WORKFLOW_TASK_STARTED);
    assertThat(task1.getStartedEventId()).isEqualTo(3);
    assertThat(task1.getPreviousStartedEventId()).isZero();
    assertThat(task1.getAttempt()).isEqualTo(1);
    assertThat(task1.getWorkflowExecutionTaskQueue().getName()).isEqualTo(HistoryTestEnv.TASK_QUEUE);
    assertThat(task1.getWorkflowType().getName()).isEqualTo("OrderWorkflow");
    assertThat(env.state(key).getState()).isEqualTo(ExecutionState.RUNNING.code());

    env.completeWorkflowTaskSticky(task1, scheduleActivity("a1"));
    AddTaskRequest activityDispatch = env.lastActivityDispatch(key);
    assertThat(activityDispatch.getTaskQueue().getName()).isEqualTo("activities");
    assertThat(activityDispatch.getScheduledEventId()).isEqualTo(5);

    PollActivityTaskQueueResponse activity = env.pollActivityTask(key);
    assertThat(activity.getActivityId()).isEqualTo("a1");
    assertThat(activity.getAttempt()).isEqualTo(1);
    assertThat(activity.getWorkflowNamespace()).isEqualTo(HistoryTestEnv.NAMESPACE);
    assertThat(activity.getInput().getPayloads(0).getData().toStringUtf8()).isEqualTo("world");
    env.completeActivity(activity, "hello world");

    AddTaskRequest second = env.lastWorkflowDispatch(key);
    assertThat(second.getTaskQueue().getSticky()).isTrue();
    assertThat(second.getTaskQueue().getName()).isEqualTo(HistoryTestEnv.STICKY_QUEUE);
    assertThat(second.getScheduleToStartTimeout().getSeconds()).isEqualTo(5);

    PollWorkflowTaskQueueResponse task2 = env.pollWorkflowTask(key);
    assertThat(task2.getPreviousStartedEventId()).isEqualTo(3);
    assertThat(task2.getHistory().getEventsList()).extracting(HistoryEvent::getEventType)
        .containsExactly(EVENT_TYPE_WORKFLOW_TASK_COMPLETED, EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
            EVENT_TYPE_ACTIVITY_TASK_STARTED, EVENT_TYPE_ACTIVITY_TASK_COMPLETED, EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EVENT_TYPE_WORKFLOW_TASK_STARTED);
    assertThat(task2.getHistory().getEvents(0).getEventId()).isEqualTo(4);

    env.completeWorkflowTaskSticky(task2, completeWorkflow("done"));

    List<HistoryEvent> events = env.events(key);
    assertThat(events).extracting(HistoryEvent::getEventType).containsExactly(
        EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, EVENT_TYPE_WORKFLOW_TASK_STARTED,
        EVENT_TYPE_WORKFLOW_TASK_COMPLETED, EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, EVENT_TYPE_ACTIVITY_TASK_STARTED,
        EVENT_TYPE_ACTIVITY_TASK_COMPLETED, EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, EVENT_TYPE_WORKFLOW_TASK_STARTED,
        EVENT_TYPE_WORKFLOW_TASK_COMPLETED, EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).getEventId()).as("contiguous event ids").isEqualTo(i + 1);
      assertThat(events.get(i).getVersion()).as("event version").isEqualTo(HistoryTestEnv.VERSION);
    }
    HistoryEvent activityCompleted = events.get(6);
    assertThat(activityCompleted.getActivityTaskCompletedEventAttributes().getScheduledEventId()).isEqualTo(5);
    assertThat(activityCompleted.getActivityTaskCompletedEventAttributes().getStartedEventId()).isEqualTo(6);

    MutableStateRecord state = env.state(key);
    assertThat(state.getState()).isEqualTo(ExecutionState.COMPLETED.code());
    assertThat(state.getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED_VALUE);
    assertThat(VersionHistories.current(state.getVersionHistories()).getItemsList())
        .containsExactly(VersionHistoryItem.newBuilder().setEventId(11).setVersion(HistoryTestEnv.VERSION).build());
    assertThat(env.store.getCurrentExecution(0, key.namespaceId(), key.workflowId()).orElseThrow().state())
        .isEqualTo(ExecutionState.COMPLETED);
    assertThat(task1.getWorkflowExecutionTaskQueue().getKind()).isEqualTo(TaskQueueKind.TASK_QUEUE_KIND_NORMAL);
  }
}
