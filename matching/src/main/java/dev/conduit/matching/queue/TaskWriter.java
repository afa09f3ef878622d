package dev.conduit.matching.queue;

import dev.conduit.matching.MatchingSettings;
import dev.conduit.persistence.matching.TaskQueueId;
import dev.conduit.persistence.matching.TaskQueueLease;
import dev.conduit.persistence.matching.TaskQueueLeaseLostException;
import dev.conduit.persistence.matching.TaskQueueStore;
import dev.conduit.persistence.matching.TaskRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Writes backlog tasks for the lease holder, and owns the lease's range: it allocates task ids
 * ({@code rangeId << 20 | sequence}), renews the range when its ids are used up, and makes every write
 * conditioned on the current range id, ack level updates included (they share the write lock so a
 * renewal never races a write that still carries the old range).
 *
 * <p>Adds arriving together are written in one batch: whoever holds the write lock writes everything
 * pending (group commit). Writes are serialized, so once {@link #maxWrittenId} is published every lower
 * id is written or failed, and the reader never skips a task that lands late.
 */
final class TaskWriter {
  private final TaskQueueId queue;
  private final TaskQueueStore store;
  private final MatchingSettings settings;
  private final Runnable onWritten;
  private final Object writeLock = new Object();
  private final ConcurrentLinkedQueue<PendingWrite> pending = new ConcurrentLinkedQueue<>();
  private long rangeId;
  private int nextSequence;
  private volatile long maxWrittenId;
  private volatile RuntimeException stoppedBy;

  TaskWriter(TaskQueueLease lease, TaskQueueStore store, MatchingSettings settings, Runnable onWritten) {
    this.queue = lease.queue();
    this.store = store;
    this.settings = settings;
    this.onWritten = onWritten;
    this.rangeId = lease.rangeId();
    // everything of earlier ranges is written; this range's ids start above it
    this.maxWrittenId = firstId(rangeId) - 1;
  }

  static long firstId(long rangeId) {
    return rangeId << MatchingSettings.RANGE_SHIFT;
  }

  /** Writes {@code task} durably and returns its id; throws if the lease is lost or the store fails. */
  long append(TaskRecord task) {
    PendingWrite write = new PendingWrite(task);
    pending.add(write);
    synchronized (writeLock) {
      while (!write.result.isDone()) {
        writePendingBatch();
      }
    }
    try {
      return write.result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw (RuntimeException) e.getCause();
    }
  }

  long maxWrittenId() {
    return maxWrittenId;
  }

  boolean hasPending() {
    return !pending.isEmpty();
  }

  /** Stores the ack level under the current range; throws {@link TaskQueueLeaseLostException}. */
  void persistAckLevel(long ackLevel) {
    synchronized (writeLock) {
      failIfStopped();
      store.updateAckLevel(queue, rangeId, ackLevel);
    }
  }

  /** Refuses every later write with {@code cause}. */
  void stop(RuntimeException cause) {
    stoppedBy = cause;
  }

  private void writePendingBatch() {
    List<PendingWrite> batch = new ArrayList<>();
    PendingWrite next;
    while (batch.size() < settings.writeBatchSize() && (next = pending.poll()) != null) {
      batch.add(next);
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      failIfStopped();
      List<TaskRecord> records = new ArrayList<>(batch.size());
      for (PendingWrite write : batch) {
        records.add(write.task.withTaskId(allocateId()));
      }
      store.createTasks(queue, rangeId, records);
      maxWrittenId = records.get(records.size() - 1).taskId();
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).result.complete(records.get(i).taskId());
      }
      onWritten.run();
    } catch (RuntimeException | Error e) {
      // every drained write must complete, or its adder would wait on the lock forever
      batch.forEach(write -> write.result.completeExceptionally(e));
      if (e instanceof Error) {
        throw e;
      }
    }
  }

  private long allocateId() {
    if (nextSequence >= settings.tasksPerRange()) {
      rangeId = store.renewRange(queue, rangeId, settings.owner()).rangeId();
      nextSequence = 0;
    }
    return firstId(rangeId) | nextSequence++;
  }

  private void failIfStopped() {
    RuntimeException cause = stoppedBy;
    if (cause != null) {
      throw cause;
    }
  }

  private static final class PendingWrite {
    final TaskRecord task;
    final CompletableFuture<Long> result = new CompletableFuture<>();

    PendingWrite(TaskRecord task) {
      this.task = task;
    }
  }
}
