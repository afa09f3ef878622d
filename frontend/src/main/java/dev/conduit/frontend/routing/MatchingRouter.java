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

  /** Releases the channels this router opened; the default holds none. */
  @Override
  default void close() {}

  /**
   * The hash-ring key of a queue: {@code namespaceId/name/type} with the type's number, and
   * {@code /sticky} appended for a sticky queue. Matching must place queues with the same key.
   */
  static String ringKey(TaskQueueKey queue) {
    String key = queue.getNamespaceId() + "/" + queue.getName() + "/" + queue.getTypeValue();
    return queue.getSticky() ? key + "/sticky" : key;
  }
}
