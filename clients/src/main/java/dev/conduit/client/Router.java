package dev.conduit.client;

import dev.conduit.membership.MembershipMonitor;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds the host that owns a routing key (a history shard {@code "<shardId>"}, a task queue's ring key). Calls
 * resolve again before every attempt, so a key that moved is found at its new owner once membership caught up.
 */
@FunctionalInterface
public interface Router extends AutoCloseable {

  /**
   * The current owner of {@code key}.
   *
   * @throws io.grpc.StatusRuntimeException UNAVAILABLE while no host is known to own it
   */
  Host route(String key);

  /** Every host this router knows; empty for a router that knows owners but not hosts. */
  default List<Host> hosts() {
    return List.of();
  }

  /** The identity of the host that owns {@code key}; empty when unknown. */
  default Optional<String> owner(String key) {
    return Optional.empty();
  }

  /**
   * Tells {@code listener} the identity of every host that leaves from now on, so what the caller keeps per host
   * (a circuit breaker) goes with it. The default router's hosts never leave.
   */
  default void onHostLeft(Consumer<String> listener) {}

  /** Releases the channels this router opened; the default holds none. */
  @Override
  default void close() {}

  /**
   * Owners from the hash ring of {@code monitor}, one channel per member from {@code channels} (closed with the
   * router). The monitor is the caller's to start and close.
   */
  static Router ring(MembershipMonitor monitor, MemberChannels channels) {
    return new RingRouter(monitor, channels);
  }

  /** Every key on the one host behind {@code channel} (a single node, the dev mode, a test); owns the channel. */
  static Router fixed(String hostId, ManagedChannel channel) {
    return new FixedRouter(hostId, channel);
  }

  /** A router for a service this process was started without: every call fails with {@code status}. */
  static Router absent(Status status) {
    return key -> {
      throw status.asRuntimeException();
    };
  }
}
