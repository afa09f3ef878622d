package dev.conduit.history.workflow;

import dev.conduit.history.tasks.TimerTaskType;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.proto.persistence.v1.TimerInfo;
import dev.conduit.proto.persistence.v1.TimerTaskData;
import io.temporal.api.history.v1.HistoryEvent;
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
 *
 * <p>The public methods decide (check the move, build the events); the package-private {@code apply...}
 * functions, called through {@link MutableStateApplier}, are the only code that changes this state for an
 * event and derives its tasks.
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
    tx.append(EventFactory.timerStarted(TimerStartedEventAttributes.newBuilder()
        .setTimerId(timerId)
        .setStartToFireTimeout(ProtoTime.duration(startToFire))
        .setWorkflowTaskCompletedEventId(workflowTaskCompletedEventId)
        .build()));
    return tx.state().timer(timerId);
  }

  /** Applies TimerStarted: the pending timer and its timer task. */
  static void applyStarted(ApplyContext ctx, HistoryEvent event) {
    TimerStartedEventAttributes a = event.getTimerStartedEventAttributes();
    TABLE.next(stateOf(ctx.state(), a.getTimerId()), Action.START);
    Instant expiry = ApplyContext.timeOf(event).plus(ProtoTime.duration(a.getStartToFireTimeout()));
    TimerInfo timer = TimerInfo.newBuilder()
        .setTimerId(a.getTimerId())
        .setStartedEventId(event.getEventId())
        .setExpiryTime(ProtoTime.timestamp(expiry))
        .setVersion(event.getVersion())
        .build();
    ctx.state().putTimer(timer);
    ctx.timerTask(event, TimerTaskType.USER_TIMER, expiry,
        TimerTaskData.newBuilder().setEventId(event.getEventId()).setTimerId(a.getTimerId()).build());
  }

  public static void fire(WorkflowTransaction tx, TimerInfo timer) {
    TABLE.next(stateOf(tx.state(), timer.getTimerId()), Action.FIRE);
    tx.appendExternal(EventFactory.timerFired(TimerFiredEventAttributes.newBuilder()
        .setTimerId(timer.getTimerId())
        .setStartedEventId(timer.getStartedEventId())
        .build()));
  }

  /** Applies TimerFired or TimerCanceled: the timer is no longer pending. */
  static void applyClosed(ApplyContext ctx, HistoryEvent event, String timerId) {
    TABLE.next(stateOf(ctx.state(), timerId), event.hasTimerFiredEventAttributes() ? Action.FIRE : Action.CANCEL);
    ctx.state().removeTimer(timerId);
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
      startedEventId = timer.getStartedEventId();
    } else {
      long buffered = bufferedStartedEventId(tx, timerId);
      if (buffered < 0 || !tx.removeBufferedTimerFired(timerId)) {
        return false;
      }
      startedEventId = buffered;
      // Its fired event was applied when buffered and is dropped now: the timer is pending again, as a
      // replay of the history (which never sees that fired event) has it, until the cancel applies.
      tx.state().putTimer(TimerInfo.newBuilder().setTimerId(timerId).setStartedEventId(buffered).build());
    }
    tx.append(EventFactory.timerCanceled(TimerCanceledEventAttributes.newBuilder()
        .setTimerId(timerId)
        .setStartedEventId(startedEventId)
        .setWorkflowTaskCompletedEventId(workflowTaskCompletedEventId)
        .setIdentity(identity)
        .build()));
    return true;
  }

  /** Whether the timer fired while the current workflow task ran (its TimerFired event waits in the buffer). */
  public static boolean firedEventBuffered(WorkflowTransaction tx, String timerId) {
    return bufferedStartedEventId(tx, timerId) >= 0;
  }

  private static long bufferedStartedEventId(WorkflowTransaction tx, String timerId) {
    return tx.state().bufferedEvents().stream()
        .filter(e -> e.hasTimerFiredEventAttributes() && e.getTimerFiredEventAttributes().getTimerId().equals(timerId))
        .mapToLong(e -> e.getTimerFiredEventAttributes().getStartedEventId())
        .findFirst()
        .orElse(-1);
  }
}
