package dev.conduit.history.workflow;

import static dev.conduit.history.testing.Commands.completeWorkflow;
import static dev.conduit.history.testing.Commands.scheduleActivity;
import static dev.conduit.history.testing.Commands.startTimer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.history.v1.ActivityTaskCompletedEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The replayer rebuilds a run's state from its history and refuses events illegal in the state before them. */
class ReplayerTest {
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  private List<String> differences(WorkflowKey key) {
    MutableStateRecord stored = env.state(key);
    List<HistoryEvent> buffered = stored.getBufferedEventsList().stream().map(Events::decode).toList();
    return ReplayComparison.differences(stored, Replayer.replay(key, env.events(key), buffered).snapshot());
  }

  @Test
  void aCompletedRunReplaysToItsStoredState() {
    WorkflowKey key = env.startWorkflow("r-1");
    env.completeWorkflowTask(env.pollWorkflowTask(key), scheduleActivity("a1"));
    env.completeActivity(env.pollActivityTask(key), "done");
    env.completeWorkflowTask(env.pollWorkflowTask(key), completeWorkflow("ok"));

    MutableStateRecord stored = env.state(key);
    MutableStateRecord replayed = Replayer.replay(key, env.events(key), List.of()).snapshot();
    assertThat(ReplayComparison.differences(stored, replayed)).isEmpty();
    assertThat(replayed.getExecutionInfo().getCloseTime()).isEqualTo(stored.getExecutionInfo().getCloseTime());
    assertThat(replayed.getNextEventId()).isEqualTo(stored.getNextEventId());
  }

  @Test
  void anActivityResultForAnUnknownScheduledIdIsRefused() {
    WorkflowKey key = env.startWorkflow("r-2");
    List<HistoryEvent> history = new ArrayList<>(env.events(key));
    history.add(HistoryEvent.newBuilder()
        .setEventId(history.size() + 1)
        .setEventTime(history.get(0).getEventTime())
        .setVersion(HistoryTestEnv.VERSION)
        .setEventType(io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
        .setActivityTaskCompletedEventAttributes(ActivityTaskCompletedEventAttributes.newBuilder()
            .setScheduledEventId(99).setStartedEventId(98))
        .build());

    assertThatThrownBy(() -> Replayer.replay(key, history, List.of()))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("unknown scheduled id 99");
  }

  @Test
  void anEventOutOfOrderIsRefused() {
    WorkflowKey key = env.startWorkflow("r-3");
    List<HistoryEvent> history = new ArrayList<>(env.events(key));
    history.add(history.get(1));
    assertThatThrownBy(() -> Replayer.replay(key, history, List.of())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("event id 2 where 3 is next");
  }

  @Test
  void aTimerIdWhoseFiringIsStillBufferedCannotBeStartedAgain() {
    WorkflowKey key = env.startWorkflow("r-4");
    env.completeWorkflowTask(env.pollWorkflowTask(key), startTimer("t1", Duration.ofSeconds(1)),
        startTimer("t2", Duration.ofMinutes(1)));
    env.signal("r-4", "", "wake", "up");
    env.processTransfers();
    var task = env.pollWorkflowTask(key);
    env.advance(Duration.ofSeconds(1));
    assertThat(differences(key)).as("fired event applied when buffered").isEmpty();

    assertThatThrownBy(() -> env.completeWorkflowTask(task, startTimer("t1", Duration.ofSeconds(5))))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("firing is not delivered yet");
    HistoryEvent failed = env.events(key).stream().filter(HistoryEvent::hasWorkflowTaskFailedEventAttributes)
        .findFirst().orElseThrow();
    assertThat(failed.getWorkflowTaskFailedEventAttributes().getCause())
        .isEqualTo(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_START_TIMER_DUPLICATE_ID);
    assertThat(differences(key)).isEmpty();
  }
}
