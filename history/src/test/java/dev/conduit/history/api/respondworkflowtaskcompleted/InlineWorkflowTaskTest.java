package dev.conduit.history.api.respondworkflowtaskcompleted;

import static dev.conduit.history.testing.Commands.completeWorkflow;
import static dev.conduit.history.testing.Commands.recordMarker;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_MARKER_RECORDED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.matching.v1.AddTaskRequest;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.taskqueue.v1.StickyExecutionAttributes;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** return_new_workflow_task: the task a completion schedules is started at once and handed back to its worker. */
class InlineWorkflowTaskTest {
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void aForcedNewTaskIsReturnedStartedWithTheEventsSinceTheCompletedOne() {
    WorkflowKey key = env.startWorkflow("inline-1");
    PollWorkflowTaskQueueResponse first = env.pollWorkflowTask(key);

    RespondWorkflowTaskCompletedResponse response = env.respondWorkflowTaskCompleted.invoke(HistoryTestEnv.NAMESPACE_ID,
        env.completion(first, recordMarker("LocalActivity"))
            .setForceCreateNewWorkflowTask(true)
            .setReturnNewWorkflowTask(true)
            .setStickyAttributes(StickyExecutionAttributes.newBuilder()
                .setWorkerTaskQueue(TaskQueue.newBuilder().setName(HistoryTestEnv.STICKY_QUEUE)
                    .setKind(TaskQueueKind.TASK_QUEUE_KIND_STICKY)))
            .build());
    env.processTransfers();

    assertThat(response.hasWorkflowTask()).isTrue();
    PollWorkflowTaskQueueResponse inline = response.getWorkflowTask();
    assertThat(inline.getPreviousStartedEventId()).isEqualTo(first.getStartedEventId());
    assertThat(inline.getHistory().getEventsList()).extracting(HistoryEvent::getEventType).containsExactly(
        EVENT_TYPE_WORKFLOW_TASK_COMPLETED, EVENT_TYPE_MARKER_RECORDED, EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
        EVENT_TYPE_WORKFLOW_TASK_STARTED);
    assertThat(inline.getStartedEventId()).isEqualTo(env.state(key).getWorkflowTask().getStartedEventId());
    AddTaskRequest dispatch = env.lastWorkflowDispatch(key);
    assertThatThrownBy(() -> env.recordWorkflowTaskStarted.invoke(env.workflowTaskStarted(key,
        dispatch.getScheduledEventId(), UUID.randomUUID().toString(),
        io.temporal.api.taskqueue.v1.TaskQueue.newBuilder().setName(dispatch.getTaskQueue().getName()).build())))
        .as("the dispatch through matching is dropped").isInstanceOf(EntityNotFoundException.class);

    env.completeWorkflowTask(inline, completeWorkflow("done"));
    assertThat(env.eventTypes(key)).last().isEqualTo(EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  }

  @Test
  void aWorkerWithoutStickinessGetsTheWholeHistory() {
    WorkflowKey key = env.startWorkflow("inline-full");

    RespondWorkflowTaskCompletedResponse response = env.respondWorkflowTaskCompleted.invoke(HistoryTestEnv.NAMESPACE_ID,
        env.completion(env.pollWorkflowTask(key), recordMarker("LocalActivity"))
            .setForceCreateNewWorkflowTask(true)
            .setReturnNewWorkflowTask(true)
            .build());

    assertThat(response.getWorkflowTask().getHistory().getEvents(0).getEventId()).isEqualTo(1);
    assertThat(response.getWorkflowTask().getHistory().getEventsList()).extracting(HistoryEvent::getEventType)
        .last().isEqualTo(EVENT_TYPE_WORKFLOW_TASK_STARTED);
  }

  @Test
  void withoutTheAskOrANewTaskNothingIsReturned() {
    WorkflowKey key = env.startWorkflow("inline-2");
    RespondWorkflowTaskCompletedResponse forcedOnly = env.respondWorkflowTaskCompleted.invoke(
        HistoryTestEnv.NAMESPACE_ID, env.completion(env.pollWorkflowTask(key)).setForceCreateNewWorkflowTask(true).build());
    env.processTransfers();
    RespondWorkflowTaskCompletedResponse askedOnly = env.respondWorkflowTaskCompleted.invoke(
        HistoryTestEnv.NAMESPACE_ID, env.completion(env.pollWorkflowTask(key)).setReturnNewWorkflowTask(true).build());

    assertThat(forcedOnly.hasWorkflowTask()).isFalse();
    assertThat(askedOnly.hasWorkflowTask()).as("nothing new to do").isFalse();
    assertThat(env.state(key).hasWorkflowTask()).isFalse();
  }
}
