package dev.conduit.matching;

import dev.conduit.persistence.matching.TaskQueueId;
import java.util.Optional;

/**
 * Which matching host serves a task queue: the host the matching ring names for the queue's
 * {@link TaskQueueId#ringKey() ring key}. A host serves the queues the ring gives it, refuses calls for the others
 * ({@link dev.conduit.matching.queue.QueueNotOwnedException}) and unloads them when the ring moves them away.
 */
@FunctionalInterface
public interface QueueOwnership {
  /** Every queue is served here: one matching host, or tests. */
  QueueOwnership ALL = queue -> Optional.empty();

  /** The host that owns {@code queue} when it is not this one; empty when this host owns it (or no owner is known). */
  Optional<String> elsewhere(TaskQueueId queue);
}
