package dev.conduit.frontend.routing;

import dev.conduit.proto.history.v1.HistoryServiceGrpc;

/**
 * Finds the history host that owns a shard and hands back a stub for it. Callers resolve again before
 * every attempt, so a shard that moved is found at its new owner once membership has caught up.
 */
@FunctionalInterface
public interface HistoryRouter extends AutoCloseable {

  /**
   * A stub bound to the current owner of {@code shardId}, without a deadline.
   *
   * @throws io.grpc.StatusRuntimeException UNAVAILABLE while no history host is known to own the shard
   */
  HistoryServiceGrpc.HistoryServiceBlockingStub history(int shardId);

  /** Releases the channels this router opened; the default holds none. */
  @Override
  default void close() {}
}
