package dev.conduit.matching;

import dev.conduit.matching.queue.PollCancellation;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A poll cancellation tests trigger, with or without telling the waiting poll at once. */
final class TestCancellation implements PollCancellation {
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean cancelled;

  /** Cancels and tells the waiting poll, as a gRPC context does. */
  void cancel() {
    cancelled = true;
    listeners.forEach(Runnable::run);
  }

  /**
   * Cancels without telling the waiting poll: the window in which a task is handed to a poll whose
   * caller has just gone, before the notification arrives.
   */
  void cancelSilently() {
    cancelled = true;
  }

  /** How often a poll asked to hear of the cancellation, which it does each time it waits in line. */
  int registrations() {
    return listeners.size();
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public void onCancel(Runnable action) {
    if (cancelled) {
      action.run();
    } else {
      listeners.add(action);
    }
  }
}
