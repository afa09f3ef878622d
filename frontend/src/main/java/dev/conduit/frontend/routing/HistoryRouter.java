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

  /**
   * Every history host this router knows, with a stub for each (the admin API asks each which shards it serves);
   * empty for a router that knows owners but not hosts.
   */
  default java.util.List<Host> hosts() {
    return java.util.List.of();
  }

  /** The identity of the host the ring names as the owner of {@code shardId}; empty when unknown. */
  default java.util.Optional<String> owner(int shardId) {
    return java.util.Optional.empty();
  }

  /** A history host: its identity in membership, its address, a stub bound to it. */
  record Host(String identity, String address, HistoryServiceGrpc.HistoryServiceBlockingStub stub) {}

  /** Releases the channels this router opened; the default holds none. */
  @Override
  default void close() {}
}
