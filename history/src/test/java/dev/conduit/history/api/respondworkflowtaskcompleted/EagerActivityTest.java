package dev.conduit.history.api.respondworkflowtaskcompleted;

import static dev.conduit.history.testing.Commands.activity;
import static dev.conduit.history.testing.Commands.completeWorkflow;
import static dev.conduit.history.testing.Commands.scheduleActivity;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.WorkflowKey;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Eager activity dispatch: an activity scheduled with {@code request_eager_execution} on the workflow's own queue
 * starts with the completion that scheduled it, and the completing worker gets it in the response.
 */
class EagerActivityTest {
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void anEagerActivityOnTheWorkflowsQueueIsStartedForTheCompletingWorkerAndItsDispatchIsDropped() {
    WorkflowKey key = env.startWorkflow("eager-1");
    RespondWorkflowTaskCompletedResponse response = env.respondWorkflowTaskCompleted.invoke(HistoryTestEnv.NAMESPACE_ID,
        env.completion(env.pollWorkflowTask(key), scheduleActivity(activity("a1")
                .setTaskQueue(TaskQueue.newBuilder().setName(HistoryTestEnv.TASK_QUEUE)).setRequestEagerExecution(true)))
            .setIdentity("worker-eager").build());
    env.processTransfers();

    assertThat(response.getActivityTasksList()).hasSize(1);
    PollActivityTaskQueueResponse task = response.getActivityTasks(0);
    assertThat(task.getActivityId()).isEqualTo("a1");
    assertThat(task.getAttempt()).isEqualTo(1);
    assertThat(task.getWorkflowExecution().getRunId()).isEqualTo(key.runId());
    assertThat(task.getInput().getPayloadsCount()).isEqualTo(1);
    assertThat(env.state(key).getActivitiesMap().values()).singleElement()
        .satisfies(activity -> assertThat(activity.getStartedIdentity()).isEqualTo("worker-eager"));
    assertThat(env.matching.activityTasks()).as("nothing goes through matching").isEmpty();
    assertThatThrownBy(() -> env.recordActivityTaskStarted.invoke(env.activityTaskStarted(key,
        env.state(key).getActivitiesMap().values().iterator().next().getScheduledEventId(), UUID.randomUUID().toString())))
        .as("another worker cannot start it").isInstanceOf(EntityNotFoundException.class);

    env.completeActivity(task, "done");
    env.processTransfers();
    HistoryEvent started = env.events(key).stream().filter(e -> e.getEventType() == EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .findFirst().orElseThrow();
    assertThat(started.getActivityTaskStartedEventAttributes().getIdentity()).isEqualTo("worker-eager");
    assertThat(env.eventTypes(key)).contains(EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
  }

  @Test
  void anActivityOnAnotherQueueOrNotAskedForEagerlyGoesThroughMatching() {
    WorkflowKey key = env.startWorkflow("eager-2");
    RespondWorkflowTaskCompletedResponse response = env.respondWorkflowTaskCompleted.invoke(HistoryTestEnv.NAMESPACE_ID,
        env.completion(env.pollWorkflowTask(key),
            scheduleActivity(activity("other-queue").setRequestEagerExecution(true)),
            scheduleActivity(activity("not-asked").setTaskQueue(TaskQueue.newBuilder().setName(HistoryTestEnv.TASK_QUEUE))))
            .build());
    env.processTransfers();

    assertThat(response.getActivityTasksList()).isEmpty();
    assertThat(env.state(key).getActivitiesMap().values()).allSatisfy(activity ->
        assertThat(activity.hasStartedTime()).isFalse());
    assertThat(env.matching.activityTasks()).hasSize(2);
  }

  @Test
  void noActivityStartsEagerlyWhenTheSameCompletionClosesTheRun() {
    WorkflowKey key = env.startWorkflow("eager-3");
    RespondWorkflowTaskCompletedResponse response = env.respondWorkflowTaskCompleted.invoke(HistoryTestEnv.NAMESPACE_ID,
        env.completion(env.pollWorkflowTask(key), scheduleActivity(activity("a1")
                .setTaskQueue(TaskQueue.newBuilder().setName(HistoryTestEnv.TASK_QUEUE)).setRequestEagerExecution(true)),
            completeWorkflow("done")).build());

    assertThat(response.getActivityTasksList()).isEmpty();
  }
}
