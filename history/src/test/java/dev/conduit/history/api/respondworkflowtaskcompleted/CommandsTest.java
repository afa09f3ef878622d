package dev.conduit.history.api.respondworkflowtaskcompleted;

import static dev.conduit.history.testing.Commands.activity;
import static dev.conduit.history.testing.Commands.cancelTimer;
import static dev.conduit.history.testing.Commands.completeWorkflow;
import static dev.conduit.history.testing.Commands.failWorkflow;
import static dev.conduit.history.testing.Commands.recordMarker;
import static dev.conduit.history.testing.Commands.scheduleActivity;
import static dev.conduit.history.testing.Commands.startTimer;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_MARKER_RECORDED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_CANCELED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.conduit.history.HistoryConfig;
import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.NamespaceEntry;
import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.ActivityInfo;
import dev.conduit.proto.persistence.v1.TimerInfo;
import io.temporal.api.command.v1.Command;
import io.temporal.api.command.v1.ScheduleNexusOperationCommandAttributes;
import io.temporal.api.command.v1.UpsertWorkflowSearchAttributesCommandAttributes;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.enums.v1.CommandType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.enums.v1.IndexedValueType;
import java.time.Duration;
import java.util.Map;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CommandsTest {
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  private WorkflowKey started(String id) {
    return env.startWorkflow(id);
  }

  private HistoryEvent last(WorkflowKey key) {
    List<HistoryEvent> events = env.events(key);
    return events.get(events.size() - 1);
  }

  private void assertTaskFailedWith(WorkflowKey key, PollWorkflowTaskQueueResponse task, WorkflowTaskFailedCause cause,
      String messagePart, Command... commands) {
    int eventsBefore = env.events(key).size();
    assertThatThrownBy(() -> env.completeWorkflowTask(task, commands))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining(messagePart);
    List<HistoryEvent> events = env.events(key);
    assertThat(events).hasSize(eventsBefore + 1);
    HistoryEvent failed = events.get(events.size() - 1);
    assertThat(failed.getEventType()).isEqualTo(EVENT_TYPE_WORKFLOW_TASK_FAILED);
    assertThat(failed.getWorkflowTaskFailedEventAttributes().getCause()).isEqualTo(cause);
    assertThat(failed.getWorkflowTaskFailedEventAttributes().getFailure().getMessage()).contains(messagePart);
    assertThat(env.state(key).getActivitiesCount()).isZero();
    assertThat(env.state(key).getTimersCount()).isZero();
    assertThat(env.state(key).getWorkflowTask().getAttempt()).as("next attempt").isEqualTo(2);
    assertThat(env.state(key).getWorkflowTask().getTransient()).isTrue();
  }

  @Test
  void scheduleActivityWritesTheEventWithNormalizedTimeoutsAndDispatches() {
    WorkflowKey key = started("c-act");
    env.completeWorkflowTask(env.pollWorkflowTask(key), scheduleActivity(activity("a1")
        .setScheduleToCloseTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(5))));
    HistoryEvent scheduled = last(key);
    assertThat(scheduled.getEventType()).isEqualTo(EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    var attributes = scheduled.getActivityTaskScheduledEventAttributes();
    assertThat(attributes.getStartToCloseTimeout().getSeconds()).as("bounded by schedule-to-close").isEqualTo(5);
    assertThat(attributes.getScheduleToStartTimeout().getSeconds()).isEqualTo(5);
    assertThat(attributes.getWorkflowTaskCompletedEventId()).isEqualTo(4);
    assertThat(attributes.getRetryPolicy().getInitialInterval().getSeconds()).as("server default policy").isEqualTo(1);
    assertThat(attributes.getRetryPolicy().getBackoffCoefficient()).isEqualTo(2.0);
    assertThat(attributes.getRetryPolicy().getMaximumInterval().getSeconds()).isEqualTo(100);
    ActivityInfo info = env.state(key).getActivitiesOrThrow(scheduled.getEventId());
    assertThat(info.getActivityId()).isEqualTo("a1");
    assertThat(env.lastActivityDispatch(key).getScheduledEventId()).isEqualTo(scheduled.getEventId());
  }

  @Test
  void activityTaskQueueDefaultsToTheWorkflowsQueue() {
    WorkflowKey key = started("c-act-q");
    env.completeWorkflowTask(env.pollWorkflowTask(key), scheduleActivity(activity("a1").clearTaskQueue()));
    assertThat(env.lastActivityDispatch(key).getTaskQueue().getName()).isEqualTo(HistoryTestEnv.TASK_QUEUE);
  }

  @Test
  void activityWithoutAnyTimeoutFailsTheTask() {
    WorkflowKey key = started("c-act-to");
    assertTaskFailedWith(key, env.pollWorkflowTask(key),
        WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES, "StartToClose",
        scheduleActivity(activity("a1").clearStartToCloseTimeout()));
  }

  @Test
  void activityWithoutTypeOrWithTooLongIdFailsTheTask() {
    WorkflowKey key = started("c-act-type");
    assertTaskFailedWith(key, env.pollWorkflowTask(key),
        WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES, "ActivityType",
        scheduleActivity(activity("a1").clearActivityType()));
    WorkflowKey other = started("c-act-id");
    assertTaskFailedWith(other, env.pollWorkflowTask(other),
        WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES, "length",
        scheduleActivity(activity("a".repeat(1001))));
  }

  @Test
  void oversizedActivityInputFailsTheTask() {
    HistoryTestEnv small = new HistoryTestEnv(HistoryConfig.defaults().withLimits(1024, 2000), 2);
    try {
      WorkflowKey key = small.startWorkflow("c-big");
      Payloads big = Payloads.newBuilder().addPayloads(Payload.newBuilder()
          .setData(ByteString.copyFrom(new byte[2048]))).build();
      PollWorkflowTaskQueueResponse task = small.pollWorkflowTask(key);
      assertThatThrownBy(() -> small.completeWorkflowTask(task, scheduleActivity(activity("a1").setInput(big))))
          .isInstanceOf(InvalidRequestException.class).hasMessageContaining("size limit");
      assertThat(small.state(key).getActivitiesCount()).isZero();
    } finally {
      small.close();
    }
  }

  @Test
  void duplicateActivityIdFailsTheTaskAndNoneOfItsCommandsIsApplied() {
    WorkflowKey key = started("c-dup");
    assertTaskFailedWith(key, env.pollWorkflowTask(key),
        WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_SCHEDULE_ACTIVITY_DUPLICATE_ID, "a1",
        scheduleActivity("a1"), startTimer("t1", Duration.ofSeconds(5)), scheduleActivity("a1"));
    assertThat(env.matching.activityTasks()).isEmpty();
  }

  @Test
  void startTimerWritesTheEventAndADurableTimer() {
    WorkflowKey key = started("c-timer");
    env.completeWorkflowTask(env.pollWorkflowTask(key), startTimer("t1", Duration.ofSeconds(30)));
    HistoryEvent timerStarted = last(key);
    assertThat(timerStarted.getEventType()).isEqualTo(EVENT_TYPE_TIMER_STARTED);
    assertThat(timerStarted.getTimerStartedEventAttributes().getTimerId()).isEqualTo("t1");
    TimerInfo timer = env.state(key).getTimersOrThrow("t1");
    assertThat(ProtoTime.instant(timer.getExpiryTime())).isEqualTo(env.clock.instant().plusSeconds(30));
    int shard = env.shard(key).shardId();
    assertThat(env.store.timerTasks(shard)).anySatisfy(t ->
        assertThat(t.fireTime()).isEqualTo(env.clock.instant().plusSeconds(30)));
  }

  @Test
  void startTimerWithDuplicateIdOrNoDurationFailsTheTask() {
    WorkflowKey key = started("c-timer-dup");
    assertTaskFailedWith(key, env.pollWorkflowTask(key),
        WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_START_TIMER_DUPLICATE_ID, "t1",
        startTimer("t1", Duration.ofSeconds(5)), startTimer("t1", Duration.ofSeconds(6)));
    WorkflowKey other = started("c-timer-zero");
    assertTaskFailedWith(other, env.pollWorkflowTask(other),
        WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES, "positive",
        startTimer("t1", Duration.ZERO));
  }

  @Test
  void cancelTimerCancelsAPendingTimerAndItNeverFires() {
    WorkflowKey key = started("c-cancel");
    env.completeWorkflowTask(env.pollWorkflowTask(key), startTimer("t1", Duration.ofSeconds(30)),
        startTimer("t2", Duration.ofHours(1)));
    env.processTransfers();
    env.advance(Duration.ofSeconds(1));
    // Nothing new happened, so there is no workflow task: start one the SDK way would be a signal; use the timer.
    env.advance(Duration.ofSeconds(30));
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(key);
    env.completeWorkflowTask(task, cancelTimer("t2"));
    HistoryEvent canceled = last(key);
    assertThat(canceled.getEventType()).isEqualTo(EVENT_TYPE_TIMER_CANCELED);
    assertThat(canceled.getTimerCanceledEventAttributes().getTimerId()).isEqualTo("t2");
    assertThat(env.state(key).getTimersCount()).isZero();
    int before = env.events(key).size();
    env.advance(Duration.ofHours(2));
    assertThat(env.events(key)).hasSize(before);
  }

  @Test
  void cancelOfAnUnknownTimerFailsTheTask() {
    WorkflowKey key = started("c-cancel-unknown");
    assertTaskFailedWith(key, env.pollWorkflowTask(key),
        WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_TIMER_ATTRIBUTES, "nope", cancelTimer("nope"));
  }

  @Test
  void failWorkflowClosesTheRunAsFailed() {
    WorkflowKey key = started("c-fail");
    env.completeWorkflowTask(env.pollWorkflowTask(key), failWorkflow("it broke"));
    HistoryEvent failed = last(key);
    assertThat(failed.getEventType()).isEqualTo(EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
    assertThat(failed.getWorkflowExecutionFailedEventAttributes().getFailure().getMessage()).isEqualTo("it broke");
    assertThat(failed.getWorkflowExecutionFailedEventAttributes().getWorkflowTaskCompletedEventId()).isEqualTo(4);
    assertThat(env.state(key).getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED_VALUE);
    assertThat(env.state(key).hasWorkflowTask()).isFalse();
  }

  @Test
  void completeWorkflowStoresTheResultAndSchedulesNothingMore() {
    WorkflowKey key = started("c-complete");
    env.completeWorkflowTask(env.pollWorkflowTask(key), startTimer("t1", Duration.ofSeconds(5)), completeWorkflow("r"));
    assertThat(last(key).getWorkflowExecutionCompletedEventAttributes().getResult().getPayloads(0).getData()
        .toStringUtf8()).isEqualTo("r");
    int events = env.events(key).size();
    int dispatches = env.matching.workflowTasks().size();
    env.advance(Duration.ofSeconds(10));
    assertThat(env.events(key)).as("timer of a closed run does nothing").hasSize(events);
    assertThat(env.matching.workflowTasks()).hasSize(dispatches);
  }

  @Test
  void recordMarkerAndUpsertSearchAttributesWriteTheirEvents() {
    WorkflowKey key = started("c-marker");
    Payload value = Payload.newBuilder().setData(ByteString.copyFromUtf8("1")).build();
    Command upsert = Command.newBuilder().setCommandType(CommandType.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)
        .setUpsertWorkflowSearchAttributesCommandAttributes(UpsertWorkflowSearchAttributesCommandAttributes.newBuilder()
            .setSearchAttributes(SearchAttributes.newBuilder().putIndexedFields("CustomIntField", value)))
        .build();
    env.completeWorkflowTask(env.pollWorkflowTask(key), recordMarker("SideEffect"), upsert);
    List<EventType> types = env.eventTypes(key);
    assertThat(types.subList(types.size() - 2, types.size()))
        .containsExactly(EVENT_TYPE_MARKER_RECORDED, EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES);
    assertThat(env.events(key).get(4).getMarkerRecordedEventAttributes().getMarkerName()).isEqualTo("SideEffect");
  }

  @Test
  void anAttributeRegisteredSinceTheCacheRefreshedIsAcceptedAndAnUnknownOneFailsTheTask() {
    WorkflowKey key = started("c-registered");
    NamespaceEntry cached = env.namespaces.byId(HistoryTestEnv.NAMESPACE_ID);
    // an operator registered the attribute: the store has it, this process's cache not yet
    env.namespaces.changeStoredOnly(new NamespaceEntry(cached.id(), cached.name(), cached.failoverVersion(),
        cached.retention(), cached.limits(), cached.isGlobal(), cached.clusters(), cached.activeClusterName(),
        cached.failoverNotificationVersion(), false,
        Map.of("MyKeywordListField", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST_VALUE)));
    Payload list = Payload.newBuilder().setData(ByteString.copyFromUtf8("[\"foo\",\"bar\"]")).build();

    env.completeWorkflowTask(env.pollWorkflowTask(key), upsert("MyKeywordListField", list),
        startTimer("t", Duration.ofHours(1)));
    assertThat(env.eventTypes(key)).contains(EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES);

    env.signal(key.workflowId(), "", "go", "now");
    env.processTransfers();
    assertThatThrownBy(() -> env.completeWorkflowTask(env.pollWorkflowTask(key), upsert("NeverRegistered", list)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("has no mapping defined for search attribute NeverRegistered");
  }

  private static Command upsert(String name, Payload value) {
    return Command.newBuilder().setCommandType(CommandType.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)
        .setUpsertWorkflowSearchAttributesCommandAttributes(UpsertWorkflowSearchAttributesCommandAttributes.newBuilder()
            .setSearchAttributes(SearchAttributes.newBuilder().putIndexedFields(name, value)))
        .build();
  }

  @Test
  void unsupportedCommandFailsTheTaskNamingTheCommand() {
    WorkflowKey key = started("c-nexus");
    Command nexus = Command.newBuilder().setCommandType(CommandType.COMMAND_TYPE_SCHEDULE_NEXUS_OPERATION)
        .setScheduleNexusOperationCommandAttributes(ScheduleNexusOperationCommandAttributes.getDefaultInstance())
        .build();
    assertTaskFailedWith(key, env.pollWorkflowTask(key), WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_FEATURE_DISABLED,
        "COMMAND_TYPE_SCHEDULE_NEXUS_OPERATION", nexus);
  }

  @Test
  void unknownCommandTypeIsRefusedWithoutAnyChange() {
    WorkflowKey key = started("c-unknown");
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(key);
    int writes = env.store.writeCount();
    assertThatThrownBy(() -> env.completeWorkflowTask(task, Command.newBuilder().build()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Unknown command type");
    assertThat(env.store.writeCount()).isEqualTo(writes);
    env.completeWorkflowTask(task, completeWorkflow("still fine"));
    assertThat(env.state(key).getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED_VALUE);
  }

  @Test
  void closeCommandThatIsNotLastIsRefusedWithoutAnyChange() {
    WorkflowKey key = started("c-order");
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(key);
    int writes = env.store.writeCount();
    assertThatThrownBy(() -> env.completeWorkflowTask(task, completeWorkflow("x"), scheduleActivity("a1")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("last");
    assertThat(env.store.writeCount()).isEqualTo(writes);
  }

  @Test
  void staleTokenIsNotFound() {
    WorkflowKey key = started("c-stale");
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(key);
    env.completeWorkflowTask(task, startTimer("t1", Duration.ofSeconds(1)));
    assertThatThrownBy(() -> env.completeWorkflowTask(task, completeWorkflow("again")))
        .isInstanceOf(EntityNotFoundException.class);
  }

  @Test
  void forceCreateNewWorkflowTaskSchedulesAnotherTask() {
    WorkflowKey key = started("c-force");
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(key);
    env.respondWorkflowTaskCompleted.invoke(HistoryTestEnv.NAMESPACE_ID,
        env.completion(task).setForceCreateNewWorkflowTask(true).build());
    assertThat(env.eventTypes(key)).endsWith(EVENT_TYPE_WORKFLOW_TASK_COMPLETED, EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
  }

  @Test
  void badCommandOnARetriedTaskIsRefusedWithoutWritingAndTheTaskTimesOut() {
    WorkflowKey key = started("c-retry-bad");
    env.pollWorkflowTask(key);
    env.advance(Duration.ofSeconds(10));
    PollWorkflowTaskQueueResponse retried = env.pollWorkflowTask(key);
    assertThat(retried.getAttempt()).isEqualTo(2);
    int writes = env.store.writeCount();
    assertThatThrownBy(() -> env.completeWorkflowTask(retried, cancelTimer("nope")))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(env.store.writeCount()).as("no failure recorded again, no spin").isEqualTo(writes);
    assertThat(env.state(key).getWorkflowTask().getStartedEventId()).isNotZero();
    env.advance(Duration.ofSeconds(10));
    assertThat(env.state(key).getWorkflowTask().getAttempt()).as("its timeout retries it").isEqualTo(3);
  }

  @Test
  void failedTaskOnAStickyRunDropsStickinessAndRetriesOnTheNormalQueueWithoutCountingAnAttempt() {
    WorkflowKey key = started("c-sticky-fail");
    env.completeWorkflowTaskSticky(env.pollWorkflowTask(key), startTimer("t1", Duration.ofSeconds(1)));
    env.advance(Duration.ofSeconds(1));
    PollWorkflowTaskQueueResponse sticky = env.pollWorkflowTask(key);
    assertThat(env.lastWorkflowDispatch(key).getTaskQueue().getSticky()).isTrue();
    env.respondWorkflowTaskFailed.invoke(HistoryTestEnv.NAMESPACE_ID,
        io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedRequest.newBuilder()
            .setTaskToken(sticky.getTaskToken()).setIdentity("worker-1").build());
    env.processTransfers();
    assertThat(env.state(key).getExecutionInfo().getStickyTaskQueue()).isEmpty();
    assertThat(env.lastWorkflowDispatch(key).getTaskQueue().getSticky()).isFalse();
    PollWorkflowTaskQueueResponse normal = env.pollWorkflowTask(key);
    assertThat(normal.getAttempt()).isEqualTo(1);
    assertThat(normal.getHistory().getEvents(0).getEventId()).as("full history").isEqualTo(1);
  }
}
