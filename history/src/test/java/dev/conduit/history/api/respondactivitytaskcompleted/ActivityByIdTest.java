package dev.conduit.history.api.respondactivitytaskcompleted;

import static dev.conduit.history.testing.Commands.payload;
import static dev.conduit.history.testing.Commands.requestCancelActivity;
import static dev.conduit.history.testing.Commands.scheduleActivity;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.history.api.ActivityRef;
import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.history.v1.TaskResultRequest;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatByIdRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledByIdRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedByIdRequest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The *ById calls of async completion: the activity is found by workflow id and activity id. */
class ActivityByIdTest {
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  private static ActivityRef byId(String workflowId, String runId, String activityId) {
    return ActivityRef.byId(TaskResultRequest.newBuilder()
        .setNamespaceId(HistoryTestEnv.NAMESPACE_ID)
        .setWorkflowId(workflowId)
        .setRunId(runId)
        .setActivityId(activityId)
        .setById(true)
        .build());
  }

  private WorkflowKey withStartedActivity(String workflowId) {
    WorkflowKey key = env.startWorkflow(workflowId);
    env.completeWorkflowTask(env.pollWorkflowTask(key), scheduleActivity("async-1"));
    env.pollActivityTask(key);
    return key;
  }

  @Test
  void anActivityIsCompletedByItsIdOnTheCurrentRun() {
    WorkflowKey key = withStartedActivity("byid-1");

    env.respondActivityTaskCompleted.invokeById(byId("byid-1", "", "async-1"), RespondActivityTaskCompletedByIdRequest
        .newBuilder().setActivityId("async-1").setResult(payload("from outside")).setIdentity("backend").build());

    List<HistoryEvent> events = env.events(key);
    HistoryEvent completed = events.stream().filter(e -> e.getEventType() == EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
        .findFirst().orElseThrow();
    assertThat(completed.getActivityTaskCompletedEventAttributes().getResult()).isEqualTo(payload("from outside"));
    assertThat(completed.getActivityTaskCompletedEventAttributes().getIdentity()).isEqualTo("backend");
  }

  @Test
  void aHeartbeatByIdStoresDetailsAndReportsACancelRequestWhichIsConfirmedById() {
    WorkflowKey key = withStartedActivity("byid-2");
    assertThat(env.heartbeat.invokeById(byId("byid-2", key.runId(), "async-1"), RecordActivityTaskHeartbeatByIdRequest
        .newBuilder().setDetails(payload("half way")).build()).getCancelRequested()).isFalse();
    assertThat(env.state(key).getActivitiesMap().get(5L).getLastHeartbeatDetails())
        .isEqualTo(payload("half way").toByteString());
    env.signal("byid-2", "", "stop", "now");
    env.processTransfers();
    env.completeWorkflowTask(env.pollWorkflowTask(key), requestCancelActivity(5));

    assertThat(env.heartbeat.invokeById(byId("byid-2", "", "async-1"), RecordActivityTaskHeartbeatByIdRequest
        .getDefaultInstance()).getCancelRequested()).isTrue();
    env.respondActivityTaskCanceled.invokeById(byId("byid-2", "", "async-1"), RespondActivityTaskCanceledByIdRequest
        .newBuilder().setDetails(payload("stopped")).build());

    assertThat(env.eventTypes(key)).contains(EVENT_TYPE_ACTIVITY_TASK_CANCELED);
  }

  @Test
  void anUnknownActivityIdIsNotFound() {
    withStartedActivity("byid-3");

    assertThatThrownBy(() -> env.respondActivityTaskCompleted.invokeById(byId("byid-3", "", "nope"),
        RespondActivityTaskCompletedByIdRequest.getDefaultInstance()))
        .isInstanceOf(EntityNotFoundException.class).hasMessageContaining("activity task not found");
  }
}
