package dev.conduit.history.shard;

import dev.conduit.persistence.execution.WorkflowKey;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory notifications of committed changes to a run, for long polls on its history: a waiter
 * registers before it reads the state, so a change committed in between still wakes it.
 */
public final class WorkflowNotifier {
  private final Map<WorkflowKey, Set<CompletableFuture<Void>>> waiters = new ConcurrentHashMap<>();

  /** A future completed at the next committed change of {@code key}. */
  public CompletableFuture<Void> watch(WorkflowKey key) {
    CompletableFuture<Void> future = new CompletableFuture<>();
    waiters.compute(key, (k, set) -> {
      Set<CompletableFuture<Void>> result = set == null ? ConcurrentHashMap.newKeySet() : set;
      result.add(future);
      return result;
    });
    return future;
  }

  /** Stops watching (the waiter answered for another reason). */
  public void unwatch(WorkflowKey key, CompletableFuture<Void> future) {
    waiters.computeIfPresent(key, (k, set) -> {
      set.remove(future);
      return set.isEmpty() ? null : set;
    });
  }

  void changed(WorkflowKey key) {
    Set<CompletableFuture<Void>> set = waiters.remove(key);
    if (set != null) {
      set.forEach(future -> future.complete(null));
    }
  }

  /** The shard stopped: wake every waiter so it re-checks and learns that. */
  void wakeAll() {
    waiters.keySet().forEach(this::changed);
  }

  /** How many long polls wait on the run (observability). */
  public int waiterCount(WorkflowKey key) {
    Set<CompletableFuture<Void>> set = waiters.get(key);
    return set == null ? 0 : set.size();
  }
}
