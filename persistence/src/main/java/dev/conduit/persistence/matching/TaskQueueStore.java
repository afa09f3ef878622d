package dev.conduit.persistence.matching;

import java.util.List;
import java.util.Optional;

/**
 * Matching's durable state per task queue: a lease fenced by {@code range_id} (as history shards are,
 * invariant 1) and the backlog of tasks no poller took at once. Every write that belongs to the lease
 * holder is conditioned on its range id and fails with {@link TaskQueueLeaseLostException} otherwise.
 */
public interface TaskQueueStore {

  /**
   * Takes the queue's lease for {@code owner}: creates its row if absent, else moves {@code range_id} one
   * up with a lightweight transaction conditioned on the value just read, so every write of the previous
   * holder fails from now on. Retries when another manager moved it concurrently.
   */
  TaskQueueLease acquireLease(TaskQueueId queue, String owner);

  /**
   * Moves the range one up while still holding the lease, when its task ids are used up. Fails with
   * {@link TaskQueueLeaseLostException} if the range is no longer {@code rangeId}.
   */
  TaskQueueLease renewRange(TaskQueueId queue, long rangeId, String owner);

  /**
   * The queue's lease as stored, read linearizably (at the serial consistency level) so that it sees every
   * lightweight transaction that completed, or was in flight, before it; empty if the queue has no row.
   */
  Optional<TaskQueueLeaseRecord> readLease(TaskQueueId queue);

  /** Writes {@code tasks} (ids already allocated) in one batch conditioned on {@code rangeId}. */
  void createTasks(TaskQueueId queue, long rangeId, List<TaskRecord> tasks);

  /** Tasks with {@code exclusiveMinId < id <= inclusiveMaxId} in id order, at most {@code limit}. */
  List<TaskRecord> readTasks(TaskQueueId queue, long exclusiveMinId, long inclusiveMaxId, int limit);

  /** Stores the ack level, conditioned on {@code rangeId}. */
  void updateAckLevel(TaskQueueId queue, long rangeId, long ackLevel);

  /**
   * Deletes the tasks with ids at or below {@code inclusiveMaxId}. Not fenced: only ids at or below a
   * holder's own ack level are ever passed, and those tasks are done whoever holds the lease now.
   */
  void deleteTasksUpTo(TaskQueueId queue, long inclusiveMaxId);
}
