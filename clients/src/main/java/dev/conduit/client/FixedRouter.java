package dev.conduit.client;

import io.grpc.ManagedChannel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Every key on one host: a single-node cluster, the embedded dev mode, a test. Owns its channel. */
final class FixedRouter implements Router {
  private final Host host;
  private final ManagedChannel channel;

  FixedRouter(String hostId, ManagedChannel channel) {
    this.host = new Host(hostId, channel.authority(), channel);
    this.channel = channel;
  }

  @Override
  public Host route(String key) {
    return host;
  }

  @Override
  public List<Host> hosts() {
    return List.of(host);
  }

  @Override
  public Optional<String> owner(String key) {
    return Optional.of(host.id());
  }

  @Override
  public void close() {
    channel.shutdown();
    try {
      channel.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    channel.shutdownNow();
  }
}
