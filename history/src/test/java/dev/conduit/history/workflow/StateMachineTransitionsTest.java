package dev.conduit.history.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.history.HistoryConfig;
import dev.conduit.history.NamespaceEntry;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.proto.persistence.v1.ActivityInfo;
import dev.conduit.proto.persistence.v1.ExecutionInfo;
import dev.conduit.proto.persistence.v1.TimerInfo;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.history.v1.WorkflowTaskCompletedEventAttributes;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The state machines refuse moves their tables do not list, and leave the state untouched. */
class StateMachineTransitionsTest {
  private final Instant now = Instant.parse("2024-01-01T00:00:00Z");
  private final NamespaceEntry namespace = new NamespaceEntry("ns", "default", 3, Duration.ofDays(1));

  private WorkflowTransaction newRun() {
    ExecutionInfo info = ExecutionInfo.newBuilder().setNamespaceId("ns").setWorkflowId("wf").setRunId("run")
        .setTaskQueue("q").setWorkflowType("T")
        .setDefaultWorkflowTaskTimeout(ProtoTime.duration(Duration.ofSeconds(10))).build();
    WorkflowTransaction tx = WorkflowTransaction.create(MutableState.newRun(info), namespace, HistoryConfig.defaults(), now);
    tx.append(EventFactory.workflowExecutionStarted(io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes
        .getDefaultInstance()));
    return tx;
  }

  @Test
  void transitionTableRefusesUnlistedMovesAndDuplicates() {
    assertThat(WorkflowTaskStateMachine.TABLE.allows(WorkflowTaskStateMachine.State.NONE,
        WorkflowTaskStateMachine.Action.SCHEDULE)).isTrue();
    assertThatThrownBy(() -> WorkflowTaskStateMachine.TABLE.next(WorkflowTaskStateMachine.State.NONE,
        WorkflowTaskStateMachine.Action.COMPLETE)).isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("COMPLETE").hasMessageContaining("NONE");
    assertThatThrownBy(() -> TransitionTable.builder("t", WorkflowTaskStateMachine.State.class,
            WorkflowTaskStateMachine.Action.class)
        .add(WorkflowTaskStateMachine.State.NONE, WorkflowTaskStateMachine.Action.SCHEDULE, WorkflowTaskStateMachine.State.SCHEDULED)
        .add(WorkflowTaskStateMachine.State.NONE, WorkflowTaskStateMachine.Action.SCHEDULE, WorkflowTaskStateMachine.State.STARTED))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void workflowTaskCannotBeScheduledTwiceOrCompletedBeforeItStarts() {
    WorkflowTransaction tx = newRun();
    WorkflowTaskStateMachine.schedule(tx, 1);
    long next = tx.state().nextEventId();
    assertThatThrownBy(() -> WorkflowTaskStateMachine.schedule(tx, 1)).isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> WorkflowTaskStateMachine.complete(tx, WorkflowTaskCompletedEventAttributes.newBuilder()))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> WorkflowTaskStateMachine.fail(tx, WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNSPECIFIED,
        null, "w", "")).isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> WorkflowTaskStateMachine.timeOutStartToClose(tx)).isInstanceOf(IllegalTransitionException.class);
    assertThat(tx.state().nextEventId()).as("nothing appended").isEqualTo(next);

    WorkflowTaskStateMachine.start(tx, "req", "w");
    assertThatThrownBy(() -> WorkflowTaskStateMachine.start(tx, "req2", "w")).isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> WorkflowTaskStateMachine.timeOutScheduleToStart(tx))
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void closedRunAcceptsNoWorkflowTaskAndNoSecondClose() {
    WorkflowTransaction tx = newRun();
    WorkflowLifecycle.terminate(tx, "bye", null, "admin");
    assertThatThrownBy(() -> WorkflowTaskStateMachine.schedule(tx, 1)).isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> WorkflowLifecycle.complete(tx, 1, Payloads.getDefaultInstance()))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> WorkflowLifecycle.timeOut(tx)).isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void activityMustStartBeforeItCompletesHeartbeatsOrIsCanceledByTheWorker() {
    ActivityInfo scheduled = ActivityInfo.newBuilder().setScheduledEventId(5).setAttempt(1).build();
    WorkflowTransaction tx = newRun();
    assertThatThrownBy(() -> ActivityStateMachine.complete(tx, scheduled, Payloads.getDefaultInstance(), "w"))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> ActivityStateMachine.heartbeat(tx, scheduled, Payloads.getDefaultInstance()))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> ActivityStateMachine.canceled(tx, scheduled, Payloads.getDefaultInstance(), "w"))
        .isInstanceOf(IllegalTransitionException.class);
    ActivityInfo started = scheduled.toBuilder().setStartedTime(ProtoTime.timestamp(now)).build();
    assertThatThrownBy(() -> ActivityStateMachine.start(tx, started, "r", "w")).isInstanceOf(IllegalTransitionException.class);
    assertThat(ActivityStateMachine.TABLE.allows(ActivityStateMachine.State.SCHEDULED,
        ActivityStateMachine.Action.TIME_OUT)).isTrue();
  }

  @Test
  void timerCannotStartTwiceOrFireWhenNotStarted() {
    WorkflowTransaction tx = newRun();
    TimerStateMachine.start(tx, 1, "t1", Duration.ofSeconds(1));
    assertThatThrownBy(() -> TimerStateMachine.start(tx, 1, "t1", Duration.ofSeconds(1)))
        .isInstanceOf(IllegalTransitionException.class);
    TimerInfo unknown = TimerInfo.newBuilder().setTimerId("nope").build();
    assertThatThrownBy(() -> TimerStateMachine.fire(tx, unknown)).isInstanceOf(IllegalTransitionException.class);
    assertThat(TimerStateMachine.cancel(tx, 1, "nope", "w")).isFalse();
  }

  @Test
  void everyEventCarriesTheNamespaceVersionAndIdsAreContiguous() {
    WorkflowTransaction tx = newRun();
    WorkflowTaskStateMachine.schedule(tx, 1);
    WorkflowTaskStateMachine.start(tx, "req", "w");
    assertThat(tx.events()).extracting(e -> e.getVersion()).containsOnly(3L);
    assertThat(tx.events()).extracting(e -> e.getEventId()).containsExactly(1L, 2L, 3L);
    assertThat(tx.state().versionHistory().getItemsList()).hasSize(1);
    assertThat(tx.state().versionHistory().getItems(0).getEventId()).isEqualTo(3);
  }

  @Test
  void scheduleToStartTimeoutOnlyAppliesToStickyTasks() {
    WorkflowTransaction tx = newRun();
    WorkflowTaskStateMachine.schedule(tx, 1);
    assertThatThrownBy(() -> WorkflowTaskStateMachine.timeOutScheduleToStart(tx))
        .isInstanceOf(IllegalTransitionException.class);
    assertThat(TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START).isNotNull();
  }
}
