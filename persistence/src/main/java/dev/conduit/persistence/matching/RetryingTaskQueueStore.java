package dev.conduit.persistence.matching;

import dev.conduit.persistence.OutcomeUnknownException;
import dev.conduit.persistence.PersistenceException;
import dev.conduit.persistence.resilience.PersistenceRetry;
import io.github.resilience4j.retry.Retry;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A {@link TaskQueueStore} whose calls are repeated by the {@link PersistenceRetry} policy on transient
 * failures, and whose lease writes are never repeated blindly. A range renewal or fenced write that failed
 * after it may have been applied is settled by reading the lease ({@link LeaseOutcome}): a renewal found in
 * the store is returned as done (not reported as a lost lease), a write not found is repeated while the
 * range is still ours, and a moved range is a {@link TaskQueueLeaseLostException}.
 */
public final class RetryingTaskQueueStore implements TaskQueueStore {
  /** How often one call may be settled as not applied and tried again. */
  static final int MAX_ATTEMPTS = 4;

  private final TaskQueueStore delegate;
  private final Retry retry;

  public RetryingTaskQueueStore(TaskQueueStore delegate, PersistenceRetry retry) {
    this.delegate = delegate;
    this.retry = retry.retry();
  }

  /**
   * Acquiring reads the row and moves the range past whatever it holds, an earlier attempt of ours
   * included, so after an unknown outcome it is simply done again: the earlier attempt, applied or not,
   * is fenced off like any previous holder.
   */
  @Override
  public TaskQueueLease acquireLease(TaskQueueId queue, String owner) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call(() -> delegate.acquireLease(queue, owner));
      } catch (OutcomeUnknownException e) {
        if (attempt == MAX_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  @Override
  public TaskQueueLease renewRange(TaskQueueId queue, long rangeId, String owner) {
    boolean earlierAttemptMayHaveApplied = false;
    for (int attempt = 1; ; attempt++) {
      PersistenceException failure;
      try {
        return delegate.renewRange(queue, rangeId, owner);
      } catch (TaskQueueLeaseLostException e) {
        if (!earlierAttemptMayHaveApplied) {
          throw e;
        }
        failure = e; // the range we moved ourselves refuses the repeat: the read below tells
      } catch (PersistenceException e) {
        if (!(e instanceof OutcomeUnknownException) && !e.isRetryable()) {
          throw e;
        }
        failure = e;
        earlierAttemptMayHaveApplied = true;
      }
      Optional<TaskQueueLeaseRecord> stored = call(() -> delegate.readLease(queue));
      switch (LeaseOutcome.ofRenewal(rangeId, owner, stored)) {
        case APPLIED -> {
          return new TaskQueueLease(queue, rangeId + 1, stored.orElseThrow().ackLevel());
        }
        case LOST -> throw lost(queue, rangeId, stored);
        case STILL_HELD -> {
          if (attempt == MAX_ATTEMPTS) {
            throw failure;
          }
        }
      }
    }
  }

  @Override
  public Optional<TaskQueueLeaseRecord> readLease(TaskQueueId queue) {
    return call(() -> delegate.readLease(queue));
  }

  @Override
  public void createTasks(TaskQueueId queue, long rangeId, List<TaskRecord> tasks) {
    fencedWrite(queue, rangeId, () -> delegate.createTasks(queue, rangeId, tasks));
  }

  @Override
  public List<TaskRecord> readTasks(TaskQueueId queue, long exclusiveMinId, long inclusiveMaxId, int limit) {
    return call(() -> delegate.readTasks(queue, exclusiveMinId, inclusiveMaxId, limit));
  }

  @Override
  public void updateAckLevel(TaskQueueId queue, long rangeId, long ackLevel) {
    fencedWrite(queue, rangeId, () -> delegate.updateAckLevel(queue, rangeId, ackLevel));
  }

  @Override
  public void deleteTasksUpTo(TaskQueueId queue, long inclusiveMaxId) {
    call(() -> {
      delegate.deleteTasksUpTo(queue, inclusiveMaxId);
      return null;
    });
  }

  /**
   * A write conditioned on {@code rangeId} that leaves the range as it is. Repeating it stores the same
   * values again, so after an unknown outcome it is repeated as long as the range is still ours.
   */
  private void fencedWrite(TaskQueueId queue, long rangeId, Runnable write) {
    for (int attempt = 1; ; attempt++) {
      try {
        call(() -> {
          write.run();
          return null;
        });
        return;
      } catch (OutcomeUnknownException e) {
        Optional<TaskQueueLeaseRecord> stored = call(() -> delegate.readLease(queue));
        if (LeaseOutcome.ofFencedWrite(rangeId, stored) == LeaseOutcome.LOST) {
          throw lost(queue, rangeId, stored);
        }
        if (attempt == MAX_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static TaskQueueLeaseLostException lost(TaskQueueId queue, long rangeId, Optional<TaskQueueLeaseRecord> stored) {
    return new TaskQueueLeaseLostException(queue, rangeId, stored.map(TaskQueueLeaseRecord::rangeId).orElse(-1L));
  }

  private <T> T call(Supplier<T> action) {
    return retry.executeSupplier(action);
  }
}
