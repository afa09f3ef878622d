package dev.conduit.matching.queue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One waiting poll's slot. The slot is filled at most once: with a task or a query, with nothing (the
 * poll timed out or was cancelled) or with "unloaded". Because filling is a compare-and-set, work is never
 * handed to a poll that already gave up: the offer fails and the work goes to the next poller.
 */
final class Poller {
  private final CompletableFuture<Dispatch> slot = new CompletableFuture<>();

  /** A poller that already holds {@code task}, for a poll that found one ready. */
  static Poller holding(Dispatch task) {
    Poller poller = new Poller();
    poller.slot.complete(task);
    return poller;
  }

  /** Hands {@code task} over; false when the poll already gave up. */
  boolean offer(Dispatch task) {
    return slot.complete(task);
  }

  /** The poll gives up (cancelled); a task that won the race stays in the slot for {@link #await}. */
  void cancel() {
    slot.complete(null);
  }

  void unload() {
    slot.completeExceptionally(new QueueUnloadedException("task queue unloaded while polling"));
  }

  boolean isWaiting() {
    return !slot.isDone();
  }

  /**
   * Waits up to {@code nanos} for a task. Returns null when none came in time (the slot is then closed,
   * so none can come later), throws {@link QueueUnloadedException} when the queue was unloaded.
   */
  Dispatch await(long nanos) {
    try {
      return slot.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      slot.complete(null);
      return filled();
    } catch (InterruptedException e) {
      // the server is shutting down: close the slot and return whatever won the race to the queue
      slot.complete(null);
      Dispatch late = filledOrNull();
      if (late != null) {
        late.giveBack();
      }
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException e) {
      throw unloaded(e);
    }
  }

  private Dispatch filled() {
    try {
      return slot.getNow(null);
    } catch (RuntimeException e) {
      throw e.getCause() instanceof QueueUnloadedException unloaded ? unloaded : e;
    }
  }

  private Dispatch filledOrNull() {
    try {
      return slot.getNow(null);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static RuntimeException unloaded(ExecutionException e) {
    return e.getCause() instanceof QueueUnloadedException unloaded ? unloaded : new IllegalStateException(e.getCause());
  }
}
