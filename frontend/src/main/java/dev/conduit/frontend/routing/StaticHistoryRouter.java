package dev.conduit.frontend.routing;
import dev.conduit.membership.grpc.MemberChannels;

import dev.conduit.proto.history.v1.HistoryServiceGrpc;
import io.grpc.ManagedChannel;
import java.util.concurrent.TimeUnit;

/** Every shard on one history address: a single-node cluster or the embedded dev mode. Owns its channel. */
public final class StaticHistoryRouter implements HistoryRouter {
  private final ManagedChannel channel;

  public StaticHistoryRouter(ManagedChannel channel) {
    this.channel = channel;
  }

  /** A plaintext channel to {@code target} ({@code host:port} or any gRPC target string). */
  public static StaticHistoryRouter forTarget(String target) {
    return new StaticHistoryRouter(MemberChannels.plaintextChannel(target));
  }

  @Override
  public HistoryServiceGrpc.HistoryServiceBlockingStub history(int shardId) {
    return HistoryServiceGrpc.newBlockingStub(channel);
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
