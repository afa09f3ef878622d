package dev.conduit.frontend.routing;

import dev.conduit.proto.matching.v1.MatchingServiceGrpc;
import dev.conduit.proto.matching.v1.TaskQueueKey;

/**
 * Finds the matching host that owns a task queue and hands back a stub for it. Sticky queues are queues
 * of their own and may live on another host than their normal queue.
 */
@FunctionalInterface
public interface MatchingRouter extends AutoCloseable {

  /**
   * A stub bound to the current owner of {@code queue}, without a deadline.
   *
   * @throws io.grpc.StatusRuntimeException UNAVAILABLE while no matching host is known to own the queue
   */
  MatchingServiceGrpc.MatchingServiceBlockingStub matching(TaskQueueKey queue);

  /** The identities of the matching hosts this router knows; empty for a router that knows owners but not hosts. */
  default java.util.List<String> hosts() {
    return java.util.List.of();
  }

  /** Releases the channels this router opened; the default holds none. */
  @Override
  default void close() {}

  /** The hash-ring key of a queue, the one matching places its queues by ({@code TaskQueueId.ringKey}). */
  static String ringKey(TaskQueueKey queue) {
    return dev.conduit.persistence.matching.TaskQueueId.ringKey(queue.getNamespaceId(), queue.getName(),
        queue.getTypeValue(), queue.getSticky());
  }
}
