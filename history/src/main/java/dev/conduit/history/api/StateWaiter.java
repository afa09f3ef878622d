package dev.conduit.history.api;

import dev.conduit.history.shard.ShardContext;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Waits, without a thread and without polling the store, until a run's committed state satisfies a
 * condition: it registers for the shard's in-memory change notifications first, then checks, and checks
 * again on every change until the condition holds or the deadline passes.
 */
public final class StateWaiter {
  private final ScheduledExecutorService scheduler;

  public StateWaiter(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  /** The first committed state that satisfies {@code ready}, or empty once {@code deadlineNanos} passed. */
  public CompletableFuture<Optional<MutableStateRecord>> await(ShardContext shard, WorkflowKey key,
      Predicate<MutableStateRecord> ready, long deadlineNanos) {
    CompletableFuture<Optional<MutableStateRecord>> result = new CompletableFuture<>();
    check(shard, key, ready, deadlineNanos, result);
    return result;
  }

  private void check(ShardContext shard, WorkflowKey key, Predicate<MutableStateRecord> ready, long deadlineNanos,
      CompletableFuture<Optional<MutableStateRecord>> result) {
    CompletableFuture<Void> changed = shard.notifier().watch(key);
    try {
      MutableStateRecord state = shard.read(key);
      if (ready.test(state)) {
        shard.notifier().unwatch(key, changed);
        result.complete(Optional.of(state));
        return;
      }
      long remaining = deadlineNanos - System.nanoTime();
      if (remaining <= 0) {
        shard.notifier().unwatch(key, changed);
        result.complete(Optional.empty());
        return;
      }
      ScheduledFuture<?> timeout = scheduler.schedule(() -> {
        shard.notifier().unwatch(key, changed);
        result.complete(Optional.empty());
      }, remaining, TimeUnit.NANOSECONDS);
      // Re-check on another thread: notifications fire while the writer still holds the run's lock.
      changed.thenRunAsync(() -> {
        timeout.cancel(false);
        if (!result.isDone()) {
          check(shard, key, ready, deadlineNanos, result);
        }
      }, scheduler);
    } catch (RuntimeException e) {
      shard.notifier().unwatch(key, changed);
      result.completeExceptionally(e);
    }
  }
}
