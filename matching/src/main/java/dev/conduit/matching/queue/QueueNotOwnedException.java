package dev.conduit.matching.queue;

import dev.conduit.persistence.matching.TaskQueueId;

/**
 * A call for a task queue that the matching ring assigns to another host. Retryable (gRPC UNAVAILABLE): the caller
 * resolves the owner again and goes there. Not retried inside matching, unlike {@link QueueUnloadedException}.
 */
public final class QueueNotOwnedException extends RuntimeException {
  public QueueNotOwnedException(TaskQueueId queue, String owner) {
    super("task queue " + queue + " is owned by " + owner + ", not by this matching host; retry there", null, false, false);
  }
}
