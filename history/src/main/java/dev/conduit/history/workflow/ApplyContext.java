package dev.conduit.history.workflow;

import dev.conduit.history.tasks.NewTimerTask;
import dev.conduit.history.tasks.NewTransferTask;
import dev.conduit.history.tasks.TimerTaskType;
import dev.conduit.history.tasks.TransferTaskType;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.proto.persistence.v1.TimerTaskData;
import dev.conduit.proto.persistence.v1.TransferTaskData;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * What an apply function works on: the mutable state it changes and the sinks that receive the tasks the
 * new state needs. Every task records the version of the event that made it (part of issue 8: a task
 * made before a failover cannot act after it).
 */
public final class ApplyContext {
  private final MutableState state;
  private final Consumer<NewTransferTask> transferSink;
  private final Consumer<NewTimerTask> timerSink;
  private final Duration retention;

  /**
   * @param retention the namespace's retention: how long after it closes the run is deleted (the one
   *     task input no event carries; a standby has the same replicated namespace)
   */
  public ApplyContext(MutableState state, Consumer<NewTransferTask> transferSink, Consumer<NewTimerTask> timerSink,
      Duration retention) {
    this.state = state;
    this.transferSink = transferSink;
    this.timerSink = timerSink;
    this.retention = retention;
  }

  /** A context that keeps no task: replay rebuilds state only. */
  public static ApplyContext stateOnly(MutableState state) {
    return new ApplyContext(state, t -> { }, t -> { }, Duration.ZERO);
  }

  Duration retention() {
    return retention;
  }

  public MutableState state() {
    return state;
  }

  void transferTask(HistoryEvent cause, TransferTaskType type, TransferTaskData data) {
    transferSink.accept(new NewTransferTask(type, data.toBuilder().setVersion(cause.getVersion()).build()));
  }

  void timerTask(HistoryEvent cause, TimerTaskType type, Instant fireTime, TimerTaskData data) {
    timerSink.accept(new NewTimerTask(type, ProtoTime.ceilMillis(fireTime),
        data.toBuilder().setVersion(cause.getVersion()).build()));
  }

  static Instant timeOf(HistoryEvent event) {
    return ProtoTime.instant(event.getEventTime());
  }
}
