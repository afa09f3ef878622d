package dev.conduit.matching.queue;

import dev.conduit.matching.queue.DispatchedTask.Outcome;
import dev.conduit.persistence.matching.TaskRecord;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The add side of a sync match: hands a new task to a waiting poller and waits until the poller's call to
 * history settles it, so an add answers "matched" only once the task is durably someone's. A poller that
 * went away hands the task back and the next one is tried; history failing means the backlog instead.
 */
final class SyncMatch {
  private final TaskMatcher matcher;
  private final Duration maxWait;
  private final AtomicInteger inFlight = new AtomicInteger();

  SyncMatch(TaskMatcher matcher, Duration maxWait) {
    this.matcher = matcher;
    this.maxWait = maxWait;
  }

  /** True when history started the task (or called it stale); false when it must go to the backlog. */
  boolean tryMatch(TaskRecord record) {
    inFlight.incrementAndGet();
    try {
      while (true) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        DispatchedTask task = new DispatchedTask(record, false, outcome::complete);
        if (!matcher.offerNew(task)) {
          return false;
        }
        switch (await(task, outcome)) {
          case STARTED, STALE:
            return true;
          case FAILED:
            return false;
          case RETURNED:
            continue; // the poller went away before history saw the task: try the next one
          default:
            throw new IllegalStateException();
        }
      }
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** Adds waiting for their poller now. */
  int inFlight() {
    return inFlight.get();
  }

  private Outcome await(DispatchedTask task, CompletableFuture<Outcome> outcome) {
    try {
      return outcome.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // the poller is stuck: claim the task back and make it durable; a late start is a harmless duplicate
      return task.finish(Outcome.FAILED) ? Outcome.FAILED : outcome.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return task.finish(Outcome.FAILED) ? Outcome.FAILED : outcome.join();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
