package dev.conduit.history.shard;

import static dev.conduit.history.testing.Commands.completeWorkflow;
import static dev.conduit.history.testing.Commands.payload;
import static dev.conduit.history.testing.Commands.scheduleActivity;
import static dev.conduit.history.testing.HistoryTestEnv.NAMESPACE;
import static dev.conduit.history.testing.HistoryTestEnv.NAMESPACE_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.history.NamespaceEntry;
import dev.conduit.history.errors.NamespaceNotActiveException;
import dev.conduit.history.errors.StaleNamespaceException;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatRequest;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedRequest;
import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Invariants 6 and 7 at history's door: a global namespace active in another cluster gets no write here,
 * and a namespace view older than the run is reloaded before it is written under.
 */
class NamespaceActiveTest {
  private static final String MESSAGE =
      "Namespace: default is active in cluster: west, while current cluster active is a standby cluster.";
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void aStartForANamespaceActiveElsewhereIsRefusedAndWritesNothing() {
    env.namespaces.addGlobal(NAMESPACE_ID, NAMESPACE, 2, List.of("west", "active"));

    assertNotActive(() -> env.start.invoke(NAMESPACE_ID, env.startRequest("standby-start").build()));
    assertNotActive(() -> env.signalWithStart.invoke(NAMESPACE_ID, SignalWithStartWorkflowExecutionRequest.newBuilder()
        .setNamespace(NAMESPACE).setWorkflowId("standby-start").setWorkflowType(env.startRequest("x").getWorkflowType())
        .setTaskQueue(env.startRequest("x").getTaskQueue()).setSignalName("go").setRequestId(UUID.randomUUID().toString())
        .build()));

    assertThat(env.shards.shardFor(NAMESPACE_ID, "standby-start").currentExecution(NAMESPACE_ID, "standby-start")).isEmpty();
    assertThat(env.matching.workflowTasks()).isEmpty();
  }

  @Test
  void afterAFailoverAwayEveryWriteIsRefusedAndFailingBackWritesUnderTheNewVersion() {
    env.namespaces.addGlobal(NAMESPACE_ID, NAMESPACE, 1, List.of("active", "west"));
    WorkflowKey key = env.startWorkflow("failover");
    env.completeWorkflowTask(env.pollWorkflowTask(key), scheduleActivity("a"), scheduleActivity("b"));
    List<Long> activities = env.events(key).stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).map(HistoryEvent::getEventId).toList();
    PollActivityTaskQueueResponse activityA = env.recordActivityTaskStarted.invoke(
        env.activityTaskStarted(key, activities.get(0), UUID.randomUUID().toString()));
    env.signal("failover", "", "wake", "up");
    env.processTransfers();
    PollWorkflowTaskQueueResponse workflowTask = env.pollWorkflowTask(key);
    MutableStateRecord before = env.state(key);
    List<HistoryEvent> eventsBefore = env.events(key);

    env.namespaces.failOver(NAMESPACE_ID, "west", 2);

    assertNotActive(() -> env.respondWorkflowTaskCompleted.invoke(NAMESPACE_ID, env.completion(workflowTask).build()));
    assertNotActive(() -> env.recordActivityTaskStarted.invoke(
        env.activityTaskStarted(key, activities.get(1), UUID.randomUUID().toString())));
    assertNotActive(() -> env.heartbeat.invoke(NAMESPACE_ID, RecordActivityTaskHeartbeatRequest.newBuilder()
        .setTaskToken(activityA.getTaskToken()).setDetails(payload("50%")).build()));
    assertNotActive(() -> env.respondActivityTaskFailed.invoke(NAMESPACE_ID, RespondActivityTaskFailedRequest.newBuilder()
        .setTaskToken(activityA.getTaskToken()).build()));
    assertNotActive(() -> env.completeActivity(activityA, "done"));
    assertNotActive(() -> env.signal("failover", "", "again", "x"));
    assertNotActive(() -> env.requestCancel.invoke(NAMESPACE_ID, RequestCancelWorkflowExecutionRequest.newBuilder()
        .setNamespace(NAMESPACE).setWorkflowExecution(execution(key)).setRequestId(UUID.randomUUID().toString()).build()));
    assertNotActive(() -> env.terminate.invoke(NAMESPACE_ID, TerminateWorkflowExecutionRequest.newBuilder()
        .setNamespace(NAMESPACE).setWorkflowExecution(execution(key)).setReason("stop").build()));
    assertNotActive(() -> env.resetSticky.invoke(NAMESPACE_ID, key.workflowId(), key.runId()));
    assertNotActive(() -> env.start.invoke(NAMESPACE_ID, env.startRequest("failover").build()));

    assertThat(env.state(key)).isEqualTo(before);
    assertThat(env.events(key)).isEqualTo(eventsBefore);

    env.namespaces.failOver(NAMESPACE_ID, "active", 11);
    env.respondWorkflowTaskCompleted.invoke(NAMESPACE_ID, env.completion(workflowTask, completeWorkflow("done")).build());
    List<HistoryEvent> after = env.events(key);
    assertThat(after.subList(eventsBefore.size(), after.size())).isNotEmpty()
        .extracting(HistoryEvent::getVersion).containsOnly(11L);
  }

  @Test
  void aViewOlderThanTheRunIsReloadedAndTheWriteGoesOnUnderTheStoredVersion() {
    env.namespaces.addGlobal(NAMESPACE_ID, NAMESPACE, 1, List.of("active", "west"));
    WorkflowKey key = env.startWorkflow("stale-view");
    env.namespaces.setFailoverVersion(NAMESPACE_ID, 11);
    env.signal("stale-view", "", "at-11", "x");
    NamespaceEntry stored = env.namespaces.byId(NAMESPACE_ID);
    env.namespaces.changeCachedOnly(stored.failedOver("active", 1, 0));

    env.signal("stale-view", "", "after-reload", "y");

    assertThat(env.namespaces.reloads()).isEqualTo(1);
    assertThat(env.namespaces.byId(NAMESPACE_ID).failoverVersion()).isEqualTo(11);
    List<HistoryEvent> events = env.events(key);
    assertThat(events.get(events.size() - 1).getWorkflowExecutionSignaledEventAttributes().getSignalName())
        .isEqualTo("after-reload");
    assertThat(events.get(events.size() - 1).getVersion()).isEqualTo(11);
  }

  @Test
  void aViewStillOlderThanTheRunAfterReloadIsRetryableAndWritesNothing() {
    env.namespaces.addGlobal(NAMESPACE_ID, NAMESPACE, 1, List.of("active", "west"));
    WorkflowKey key = env.startWorkflow("still-stale");
    env.namespaces.setFailoverVersion(NAMESPACE_ID, 11);
    env.signal("still-stale", "", "at-11", "x");
    env.namespaces.setFailoverVersion(NAMESPACE_ID, 1);
    MutableStateRecord before = env.state(key);

    assertThatThrownBy(() -> env.signal("still-stale", "", "refused", "y"))
        .isInstanceOfSatisfying(StaleNamespaceException.class, e -> assertThat(e.isRetryable()).isTrue())
        .hasMessageContaining("failover version 1").hasMessageContaining("last write version 11");
    assertThat(env.namespaces.reloads()).isEqualTo(1);
    assertThat(env.state(key)).isEqualTo(before);
  }

  private static WorkflowExecution execution(WorkflowKey key) {
    return WorkflowExecution.newBuilder().setWorkflowId(key.workflowId()).setRunId(key.runId()).build();
  }

  private static void assertNotActive(ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(NamespaceNotActiveException.class, e -> {
      assertThat(e.namespace()).isEqualTo(NAMESPACE);
      assertThat(e.currentCluster()).isEqualTo("active");
      assertThat(e.activeCluster()).isEqualTo("west");
      assertThat(e.isRetryable()).isFalse();
    }).hasMessage(MESSAGE);
  }
}
