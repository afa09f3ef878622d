package dev.conduit.history.workflow;

import dev.conduit.history.tasks.TimerTaskType;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.proto.persistence.v1.TimerInfo;
import dev.conduit.proto.persistence.v1.TimerTaskData;
import io.temporal.api.history.v1.TimerCanceledEventAttributes;
import io.temporal.api.history.v1.TimerFiredEventAttributes;
import io.temporal.api.history.v1.TimerStartedEventAttributes;
import java.time.Duration;
import java.time.Instant;

/**
 * A user timer of a run, by timer id.
 *
 * <pre>
 * NONE --start--> STARTED --fire | cancel--> NONE
 * </pre>
 *
 * <p>A timer that fired while a workflow task was running has its TimerFired event in the buffer; a
 * CancelTimer from that task removes the buffered event and cancels it instead, as Temporal does, so
 * the workflow never sees a timer fire that it cancelled.
 */
public final class TimerStateMachine {

  enum State { NONE, STARTED }

  enum Action { START, FIRE, CANCEL }

  static final TransitionTable<State, Action> TABLE = TransitionTable
      .builder("timer", State.class, Action.class)
      .add(State.NONE, Action.START, State.STARTED)
      .add(State.STARTED, Action.FIRE, State.NONE)
      .add(State.STARTED, Action.CANCEL, State.NONE)
      .build();

  private TimerStateMachine() {}

  static State stateOf(MutableState state, String timerId) {
    return state.timer(timerId) == null ? State.NONE : State.STARTED;
  }

  public static TimerInfo start(WorkflowTransaction tx, long workflowTaskCompletedEventId, String timerId,
      Duration startToFire) {
    TABLE.next(stateOf(tx.state(), timerId), Action.START);
    long startedEventId = tx.append(EventFactory.timerStarted(TimerStartedEventAttributes.newBuilder()
        .setTimerId(timerId)
        .setStartToFireTimeout(ProtoTime.duration(startToFire))
        .setWorkflowTaskCompletedEventId(workflowTaskCompletedEventId)
        .build())).getEventId();
    Instant expiry = tx.now().plus(startToFire);
    TimerInfo timer = TimerInfo.newBuilder()
        .setTimerId(timerId)
        .setStartedEventId(startedEventId)
        .setExpiryTime(ProtoTime.timestamp(expiry))
        .setVersion(tx.version())
        .build();
    tx.state().putTimer(timer);
    tx.addTimerTask(TimerTaskType.USER_TIMER, expiry,
        TimerTaskData.newBuilder().setEventId(startedEventId).setTimerId(timerId).build());
    return timer;
  }

  public static void fire(WorkflowTransaction tx, TimerInfo timer) {
    TABLE.next(stateOf(tx.state(), timer.getTimerId()), Action.FIRE);
    tx.state().removeTimer(timer.getTimerId());
    tx.appendExternal(EventFactory.timerFired(TimerFiredEventAttributes.newBuilder()
        .setTimerId(timer.getTimerId())
        .setStartedEventId(timer.getStartedEventId())
        .build()));
  }

  /**
   * Cancels a pending timer, or one whose fired event is still buffered. Returns false when the timer
   * is unknown (the command is bad).
   */
  public static boolean cancel(WorkflowTransaction tx, long workflowTaskCompletedEventId, String timerId,
      String identity) {
    TimerInfo timer = tx.state().timer(timerId);
    long startedEventId;
    if (timer != null) {
      TABLE.next(State.STARTED, Action.CANCEL);
      startedEventId = timer.getStartedEventId();
      tx.state().removeTimer(timerId);
    } else {
      long buffered = bufferedStartedEventId(tx, timerId);
      if (buffered < 0 || !tx.removeBufferedTimerFired(timerId)) {
        return false;
      }
      startedEventId = buffered;
    }
    tx.append(EventFactory.timerCanceled(TimerCanceledEventAttributes.newBuilder()
        .setTimerId(timerId)
        .setStartedEventId(startedEventId)
        .setWorkflowTaskCompletedEventId(workflowTaskCompletedEventId)
        .setIdentity(identity)
        .build()));
    return true;
  }

  private static long bufferedStartedEventId(WorkflowTransaction tx, String timerId) {
    return tx.state().bufferedEvents().stream()
        .filter(e -> e.hasTimerFiredEventAttributes() && e.getTimerFiredEventAttributes().getTimerId().equals(timerId))
        .mapToLong(e -> e.getTimerFiredEventAttributes().getStartedEventId())
        .findFirst()
        .orElse(-1);
  }
}
