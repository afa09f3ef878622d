package dev.conduit.persistence.matching;

import dev.conduit.persistence.resilience.PersistenceRetry;
import io.github.resilience4j.retry.Retry;
import java.util.List;
import java.util.function.Supplier;

/**
 * A {@link TaskQueueStore} whose calls are repeated by the {@link PersistenceRetry} policy on transient
 * failures. Every call is safe to repeat, even after a timeout that may have applied it: task inserts
 * rewrite the same ids, and a range renewal that did land reads as a lost lease, which only reloads the queue.
 */
public final class RetryingTaskQueueStore implements TaskQueueStore {
  private final TaskQueueStore delegate;
  private final Retry retry;

  public RetryingTaskQueueStore(TaskQueueStore delegate, PersistenceRetry retry) {
    this.delegate = delegate;
    this.retry = retry.retry();
  }

  @Override
  public TaskQueueLease acquireLease(TaskQueueId queue, String owner) {
    return call(() -> delegate.acquireLease(queue, owner));
  }

  @Override
  public TaskQueueLease renewRange(TaskQueueId queue, long rangeId, String owner) {
    return call(() -> delegate.renewRange(queue, rangeId, owner));
  }

  @Override
  public void createTasks(TaskQueueId queue, long rangeId, List<TaskRecord> tasks) {
    call(() -> {
      delegate.createTasks(queue, rangeId, tasks);
      return null;
    });
  }

  @Override
  public List<TaskRecord> readTasks(TaskQueueId queue, long exclusiveMinId, long inclusiveMaxId, int limit) {
    return call(() -> delegate.readTasks(queue, exclusiveMinId, inclusiveMaxId, limit));
  }

  @Override
  public void updateAckLevel(TaskQueueId queue, long rangeId, long ackLevel) {
    call(() -> {
      delegate.updateAckLevel(queue, rangeId, ackLevel);
      return null;
    });
  }

  @Override
  public void deleteTasksUpTo(TaskQueueId queue, long inclusiveMaxId) {
    call(() -> {
      delegate.deleteTasksUpTo(queue, inclusiveMaxId);
      return null;
    });
  }

  private <T> T call(Supplier<T> action) {
    return retry.executeSupplier(action);
  }
}
