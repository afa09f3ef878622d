package dev.conduit.matching.queue;

import dev.conduit.persistence.matching.TaskRecord;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A task handed to one poller, sync-matched or from the backlog. The poller (or whoever gives up on it)
 * finishes it exactly once; the first {@link #finish} wins and later ones are ignored, which settles the
 * race between a poller answering late and an add that stopped waiting for it.
 */
public final class DispatchedTask implements Dispatch {

  /** How a dispatch ended. */
  public enum Outcome {
    /** history recorded the task started: it is done */
    STARTED,
    /** history says the task needs no start (workflow gone or closed, already started): drop it */
    STALE,
    /** the poller went away before asking history: give the task to another poller */
    RETURNED,
    /** history could not be asked: keep the task durable and try again later */
    FAILED
  }

  private final TaskRecord record;
  private final boolean fromBacklog;
  private final Consumer<Outcome> onFinish;
  private final AtomicBoolean finished = new AtomicBoolean();

  DispatchedTask(TaskRecord record, boolean fromBacklog, Consumer<Outcome> onFinish) {
    this.record = record;
    this.fromBacklog = fromBacklog;
    this.onFinish = onFinish;
  }

  public TaskRecord record() {
    return record;
  }

  /** Whether the task came from the durable backlog (it has a task id) rather than a sync match. */
  public boolean fromBacklog() {
    return fromBacklog;
  }

  /** Hands the task back to the queue ({@link Outcome#RETURNED}) unless it was already finished. */
  @Override
  public void giveBack() {
    finish(Outcome.RETURNED);
  }

  /** Reports the outcome; returns false when the task was already finished by someone else. */
  public boolean finish(Outcome outcome) {
    if (!finished.compareAndSet(false, true)) {
      return false;
    }
    onFinish.accept(outcome);
    return true;
  }
}
