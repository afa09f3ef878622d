package dev.conduit.history.api.replicateevents;

import static dev.conduit.history.testing.Commands.completeWorkflow;
import static dev.conduit.history.testing.Commands.startTimer;
import static dev.conduit.history.testing.HistoryTestEnv.NAMESPACE;
import static dev.conduit.history.testing.HistoryTestEnv.NAMESPACE_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static dev.conduit.history.testing.Commands.activity;
import static dev.conduit.history.testing.Commands.scheduleActivity;

import dev.conduit.history.api.getrawhistory.GetRawHistory;
import dev.conduit.history.api.getreplicationtasks.GetReplicationTasks;
import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.proto.history.v1.GetRawHistoryRequest;
import dev.conduit.proto.history.v1.GetRawHistoryResponse;
import dev.conduit.history.api.syncactivity.SyncActivity;
import dev.conduit.history.testing.Commands;
import dev.conduit.proto.history.v1.SyncActivityRequest;
import dev.conduit.proto.persistence.v1.ActivityInfo;
import dev.conduit.proto.persistence.v1.SyncActivityReplicationTask;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatRequest;
import dev.conduit.history.replication.ReplicationConflictException;
import dev.conduit.history.replication.StandbyResend;
import dev.conduit.history.shard.ReplicationTaskType;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.history.workflow.Replayer;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.history.v1.GetReplicationTasksRequest;
import dev.conduit.proto.history.v1.ReplicateEventsRequest;
import dev.conduit.proto.history.v1.ReplicateEventsResponse;
import dev.conduit.proto.history.v1.ReplicationTask;
import dev.conduit.proto.persistence.v1.HistoryReplicationTask;
import dev.conduit.proto.persistence.v1.ReplicationTaskData;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The standby side of workflow replication with two in-memory clusters: the active one's outbox, read as the
 * publisher reads it, applied to the standby through ReplicateEvents. The standby's copy equals the active's
 * event by event, its queue tasks wait while the namespace is active elsewhere, and act after a failover.
 */
class ReplicateEventsTest {
  private static final List<String> CLUSTERS = List.of("active", "standby");

  private final HistoryTestEnv active = new HistoryTestEnv();
  private final HistoryTestEnv standby = new HistoryTestEnv();
  private final GetReplicationTasks outbox = new GetReplicationTasks(active.shards);
  private final ReplicateEvents replicate = new ReplicateEvents(standby.shards);
  private final SyncActivity sync = new SyncActivity(standby.shards);
  private final List<SyncActivityReplicationTask> activityStates = new ArrayList<>();
  private final long[] lastRead = new long[4];

  ReplicateEventsTest() {
    active.namespaces.addGlobal(NAMESPACE_ID, NAMESPACE, 1, CLUSTERS);
    standby.namespaces.addGlobal(NAMESPACE_ID, NAMESPACE, 1, CLUSTERS).inCluster("standby");
  }

  @AfterEach
  void close() {
    active.close();
    standby.close();
  }

  /** Every history task the active cluster wrote since the last call, as the publisher sends them. */
  private List<ReplicateEventsRequest> published() {
    List<ReplicateEventsRequest> requests = new ArrayList<>();
    for (int shard : active.ownedShards()) {
      List<ReplicationTask> tasks = outbox.invoke(GetReplicationTasksRequest.newBuilder().setShardId(shard)
          .setClusterName("standby").setLastReadTaskId(lastRead[shard]).setPageSize(100).build()).getTasksList();
      for (ReplicationTask task : tasks) {
        lastRead[shard] = task.getTaskId();
        if (task.getTaskType() == ReplicationTaskType.SYNC_ACTIVITY.code()) {
          activityStates.add(parse(task).getSyncActivity());
        }
        if (task.getTaskType() == ReplicationTaskType.HISTORY.code()) {
          HistoryReplicationTask history = parse(task).getHistory();
          requests.add(ReplicateEventsRequest.newBuilder()
              .setNamespaceId(history.getNamespaceId()).setWorkflowId(history.getWorkflowId())
              .setRunId(history.getRunId()).addAllVersionHistoryItems(history.getVersionHistoryItemsList())
              .addAllEvents(task.getEventsList()).build());
        }
      }
    }
    return requests;
  }

  private List<ReplicateEventsResponse.Outcome> applyAll(List<ReplicateEventsRequest> requests) {
    return requests.stream().map(r -> replicate.invoke(r).getOutcome()).toList();
  }

  @Test
  void aReplicatedRunHasTheActiveHistoryAndStateAndItsTasksWaitOnTheStandby() {
    WorkflowKey key = active.startWorkflow("replicated");
    assertThat(applyAll(published())).containsOnly(ReplicateEventsResponse.Outcome.OUTCOME_APPLIED);
    // the standby's copy has a workflow task scheduled, and its transfer task does not reach this cluster's matching
    assertThat(standby.state(key).hasWorkflowTask()).isTrue();
    standby.processTransfers();
    assertThat(standby.matching.workflowTasks()).isEmpty();

    active.completeWorkflowTask(active.pollWorkflowTask(key), startTimer("t1", Duration.ofMinutes(5)));
    assertThat(applyAll(published())).containsOnly(ReplicateEventsResponse.Outcome.OUTCOME_APPLIED);

    assertThat(standby.events(key)).isEqualTo(active.events(key));
    assertThat(standby.state(key).getNextEventId()).isEqualTo(active.state(key).getNextEventId());
    assertThat(standby.state(key).getTimersMap().keySet()).containsExactly("t1");
    assertThat(standby.state(key).getVersionHistories().getHistories(0).getItemsList())
        .isEqualTo(active.state(key).getVersionHistories().getHistories(0).getItemsList());
    assertThat(Replayer.replay(key, standby.events(key), List.of()).snapshot().getTimersMap())
        .isEqualTo(standby.state(key).getTimersMap());
    // nothing replicated is sent back, and the standby's queues act on nothing while it is standby
    assertThat(standby.store.replicationTasks(standby.shard(key).shardId())).isEmpty();
    standby.advance(Duration.ofMinutes(6));
    assertThat(standby.events(key)).isEqualTo(active.events(key));
    assertThat(standby.matching.workflowTasks()).isEmpty();
  }

  @Test
  void aTimerStartedOnTheActiveFiresOnceOnTheStandbyAfterAFailover() {
    WorkflowKey key = active.startWorkflow("failover-timer");
    active.completeWorkflowTask(active.pollWorkflowTask(key), startTimer("t1", Duration.ofMinutes(5)));
    applyAll(published());
    standby.advance(Duration.ofMinutes(6));
    assertThat(standby.eventTypes(key)).doesNotContain(EventType.EVENT_TYPE_TIMER_FIRED);

    standby.namespaces.failOver(NAMESPACE_ID, "standby", 2);
    standby.advance(Duration.ofSeconds(2));
    standby.advance(Duration.ofSeconds(2));

    List<HistoryEvent> fired = standby.events(key).stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_FIRED).toList();
    assertThat(fired).hasSize(1);
    assertThat(fired.get(0).getVersion()).isEqualTo(2);
    // the new active's workflow task goes to its own matching
    assertThat(standby.lastWorkflowDispatch(key).getWorkflowId()).isEqualTo("failover-timer");
  }

  @Test
  void standbyTasksTheReplicatedEventsShowDoneAreDroppedAndOnlyOutstandingOnesWait() {
    WorkflowKey key = active.startWorkflow("settled");
    applyAll(published());
    standby.processTransfers();
    // the first workflow task has not started on the active: its dispatch waits on the standby
    assertThat(pendingTransfers(key)).isEqualTo(1);

    active.completeWorkflowTask(active.pollWorkflowTask(key), scheduleActivity(activity("a1")),
        startTimer("t1", Duration.ofMinutes(5)));
    active.completeActivity(active.pollActivityTask(key), "ok");
    applyAll(published());
    standby.advance(Duration.ofSeconds(1));
    // the first workflow task and the activity started on the active: their dispatches are done here; the workflow
    // task the activity's completion scheduled has not started, so its dispatch waits
    assertThat(pendingTransfers(key)).isEqualTo(1);
    assertThat(standby.matching.workflowTasks()).isEmpty();

    active.completeWorkflowTask(active.pollWorkflowTask(key), completeWorkflow("done"));
    applyAll(published());
    standby.advance(Duration.ofMinutes(6));
    // the run closed on the active: its dispatch, its close task and the timer that came due are done here
    assertThat(pendingTransfers(key)).isZero();
    assertThat(standby.shard(key).timerQueue().pendingCount()).isZero();
    assertThat(standby.events(key)).isEqualTo(active.events(key));
    assertThat(standby.matching.workflowTasks()).isEmpty();
    assertThat(standby.matching.activityTasks()).isEmpty();
  }

  @Test
  void aStandbyTaskWaitingPastTheResendDelayGetsTheEventsTheStandbyLostFromTheActive() {
    List<String> askedClusters = new ArrayList<>();
    standby.shards.resendMissingEvents(new StandbyResend((cluster, run) -> {
      askedClusters.add(cluster);
      return active.events(run);
    }, () -> Duration.ofMinutes(10), standby.clock, Runnable::run));
    WorkflowKey key = active.startWorkflow("lost");
    active.completeWorkflowTask(active.pollWorkflowTask(key), scheduleActivity(activity("a1")));
    applyAll(published());
    standby.processTransfers();
    assertThat(pendingTransfers(key)).as("the activity's dispatch waits on the standby").isEqualTo(1);
    // the activity's run and the workflow's end never reach the standby: their replication tasks are lost
    active.completeActivity(active.pollActivityTask(key), "ok");
    active.completeWorkflowTask(active.pollWorkflowTask(key), completeWorkflow("done"));
    published();

    standby.advance(Duration.ofMinutes(5));
    assertThat(askedClusters).as("not overdue yet").isEmpty();
    assertThat(standby.events(key).size()).isLessThan(active.events(key).size());

    standby.advance(Duration.ofMinutes(6));
    assertThat(askedClusters).as("one resend for the run, however many of its tasks wait").containsExactly("active");
    assertThat(standby.events(key)).isEqualTo(active.events(key));
    assertThat(standby.state(key).getState()).isEqualTo(active.state(key).getState());
    standby.advance(Duration.ofSeconds(2));
    assertThat(pendingTransfers(key)).as("the dispatch sees the attempt started on the active").isZero();
    assertThat(standby.matching.activityTasks()).isEmpty();
  }

  @Test
  void aWaitingTaskWhoseLookAtTheResendFailsStaysQueuedAndTheNextLookResends() {
    List<String> askedClusters = new ArrayList<>();
    java.util.concurrent.atomic.AtomicInteger delayReads = new java.util.concurrent.atomic.AtomicInteger();
    standby.shards.resendMissingEvents(new StandbyResend((cluster, run) -> {
      askedClusters.add(cluster);
      return active.events(run);
    }, () -> {
      if (delayReads.incrementAndGet() == 1) {
        throw new IllegalStateException("the dynamic config cannot be read just now");
      }
      return Duration.ofSeconds(3);
    }, standby.clock, Runnable::run));
    WorkflowKey key = active.startWorkflow("lost");
    applyAll(published());
    standby.processTransfers();
    assertThat(delayReads).as("the first look failed").hasValue(1);
    assertThat(pendingTransfers(key)).as("the workflow task's dispatch still waits").isEqualTo(1);
    active.terminate.invoke(NAMESPACE_ID, io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest.newBuilder()
        .setNamespace(NAMESPACE).setWorkflowExecution(io.temporal.api.common.v1.WorkflowExecution.newBuilder()
            .setWorkflowId(key.workflowId()).setRunId(key.runId())).setReason("lost end").build());
    published(); // lost

    standby.advance(Duration.ofSeconds(4));
    assertThat(askedClusters).containsExactly("active");
    assertThat(standby.events(key)).isEqualTo(active.events(key));
    standby.advance(Duration.ofSeconds(2));
    assertThat(pendingTransfers(key)).as("the run is closed: nothing waits").isZero();
  }

  private int pendingTransfers(WorkflowKey key) {
    return standby.shard(key).transferQueue().pendingCount();
  }

  @Test
  void aHeartbeatingActivitysStateReachesTheStandbyAndItsRetryThereAfterAFailoverKeepsTheDetails() {
    WorkflowKey key = active.startWorkflow("heartbeats");
    active.completeWorkflowTask(active.pollWorkflowTask(key), scheduleActivity(activity("a1")
        .setHeartbeatTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(5))
        .setStartToCloseTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(600))
        .setRetryPolicy(Commands.retry(Duration.ofSeconds(1), 1.0, Duration.ofSeconds(1), 5))));
    PollActivityTaskQueueResponse attempt1 = active.pollActivityTask(key);
    active.clock.advance(Duration.ofSeconds(1));
    active.heartbeat.invoke(NAMESPACE_ID, RecordActivityTaskHeartbeatRequest.newBuilder()
        .setTaskToken(attempt1.getTaskToken()).setDetails(Commands.payload("50%")).setIdentity("worker-1").build());
    applyAll(published());
    long scheduledEventId = active.state(key).getActivitiesMap().keySet().iterator().next();
    for (SyncActivityReplicationTask state : activityStates) {
      sync.invoke(SyncActivityRequest.newBuilder().setTask(state).build());
    }
    // a redelivered older state changes nothing
    assertThat(sync.invoke(SyncActivityRequest.newBuilder().setTask(activityStates.get(0)).build()).getApplied()).isFalse();

    ActivityInfo onStandby = standby.state(key).getActivitiesOrThrow(scheduledEventId);
    ActivityInfo onActive = active.state(key).getActivitiesOrThrow(scheduledEventId);
    assertThat(onStandby.getStartedTime()).isEqualTo(onActive.getStartedTime());
    assertThat(onStandby.getLastHeartbeatDetails()).isEqualTo(onActive.getLastHeartbeatDetails());
    standby.advance(Duration.ofSeconds(30));
    assertThat(standby.state(key).getActivitiesOrThrow(scheduledEventId).getAttempt()).as("waits while standby").isEqualTo(1);

    standby.namespaces.failOver(NAMESPACE_ID, "standby", 2);
    standby.advance(Duration.ofSeconds(1));
    standby.advance(Duration.ofSeconds(2));

    ActivityInfo retried = standby.state(key).getActivitiesOrThrow(scheduledEventId);
    assertThat(retried.getAttempt()).as("the heartbeat timeout fired on the new active").isEqualTo(2);
    assertThat(retried.getLastHeartbeatDetails()).isEqualTo(onActive.getLastHeartbeatDetails());
    standby.advance(Duration.ofSeconds(2)); // the retry's backoff
    PollActivityTaskQueueResponse attempt2 = standby.pollActivityTask(key);
    assertThat(attempt2.getAttempt()).isEqualTo(2);
    assertThat(attempt2.getHeartbeatDetails()).isEqualTo(Commands.payload("50%"));
  }

  @Test
  void rawHistoryReadsBetweenTwoPointsOfTheBranchWithItsVersionHistory() {
    WorkflowKey key = active.startWorkflow("raw");
    applyAll(published());
    // the namespace fails over to the standby (version 2), which writes the next events
    standby.namespaces.failOver(NAMESPACE_ID, "standby", 2);
    standby.signal("raw", key.runId(), "on-standby", "b");
    standby.signal("raw", key.runId(), "again", "c");
    GetRawHistory raw = new GetRawHistory(standby.shards);

    GetRawHistoryResponse whole = raw.invoke(rawRequest(key, 0, 0, 0, 0));
    assertThat(decode(whole).stream().map(e -> e.getEventId() + "@" + e.getVersion()).toList())
        .containsExactly("1@1", "2@1", "3@2", "4@2");
    assertThat(whole.getVersionHistoryItemsList()).extracting(i -> i.getEventId() + "@" + i.getVersion())
        .containsExactly("2@1", "4@2");
    assertThat(whole.getNextPageToken().isEmpty()).isTrue();
    GetRawHistoryResponse between = raw.invoke(rawRequest(key, 2, 1, 3, 2));
    assertThat(decode(between)).extracting(HistoryEvent::getEventId).containsExactly(3L);
    assertThat(signalName(decode(between).get(0))).isEqualTo("on-standby");

    assertThatThrownBy(() -> raw.invoke(rawRequest(key, 0, 0, 3, 1))).as("event 3 was written at version 2")
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("no branch");
    assertThatThrownBy(() -> raw.invoke(rawRequest(key, 2, 9, 3, 2))).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("not on the branch");
  }

  private static GetRawHistoryRequest rawRequest(WorkflowKey key, long after, long afterVersion, long last,
      long lastVersion) {
    return GetRawHistoryRequest.newBuilder().setNamespaceId(key.namespaceId()).setWorkflowId(key.workflowId())
        .setRunId(key.runId()).setStartEventId(after).setStartEventVersion(afterVersion).setEndEventId(last)
        .setEndEventVersion(lastVersion).build();
  }

  private static List<HistoryEvent> decode(GetRawHistoryResponse response) {
    return response.getEventsList().stream().map(dev.conduit.history.workflow.Events::decode).toList();
  }

  private static String signalName(HistoryEvent event) {
    return event.getWorkflowExecutionSignaledEventAttributes().getSignalName();
  }

  @Test
  void aRedeliveredTaskIsADuplicateAndAMissingOneIsAGap() {
    WorkflowKey key = active.startWorkflow("redelivered");
    List<ReplicateEventsRequest> first = published();
    active.completeWorkflowTask(active.pollWorkflowTask(key), completeWorkflow("done"));
    List<ReplicateEventsRequest> second = published();

    assertThat(applyAll(second)).containsOnly(ReplicateEventsResponse.Outcome.OUTCOME_GAP);
    assertThat(standby.shard(key).currentExecution(NAMESPACE_ID, "redelivered")).isEmpty();
    assertThat(applyAll(first)).containsOnly(ReplicateEventsResponse.Outcome.OUTCOME_APPLIED);
    assertThat(applyAll(first)).containsOnly(ReplicateEventsResponse.Outcome.OUTCOME_DUPLICATE);
    assertThat(applyAll(second)).containsOnly(ReplicateEventsResponse.Outcome.OUTCOME_APPLIED);
    assertThat(standby.events(key)).isEqualTo(active.events(key));
    assertThat(standby.state(key).getState()).isEqualTo(active.state(key).getState());
    assertThat(applyAll(second)).containsOnly(ReplicateEventsResponse.Outcome.OUTCOME_DUPLICATE);
  }

  @Test
  void eventsOnABranchTheStandbyDoesNotContinueAreAConflictAndChangeNothing() {
    WorkflowKey key = active.startWorkflow("conflict");
    applyAll(published());
    active.completeWorkflowTask(active.pollWorkflowTask(key), completeWorkflow("done"));
    ReplicateEventsRequest next = published().get(0);
    // the same events, claimed to follow a history written at another version
    ReplicateEventsRequest rewritten = next.toBuilder().clearVersionHistoryItems()
        .addVersionHistoryItems(next.getVersionHistoryItems(0).toBuilder().setVersion(7)).build();
    List<HistoryEvent> before = standby.events(key);

    assertThatThrownBy(() -> replicate.invoke(rewritten)).isInstanceOf(ReplicationConflictException.class)
        .hasMessageContaining("cannot be reconciled");
    assertThat(standby.events(key)).isEqualTo(before);
  }

  private static ReplicationTaskData parse(ReplicationTask task) {
    try {
      return ReplicationTaskData.parseFrom(task.getData());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
