package dev.conduit.frontend.routing;
import dev.conduit.membership.grpc.MemberChannels;

import dev.conduit.proto.matching.v1.MatchingServiceGrpc;
import dev.conduit.proto.matching.v1.TaskQueueKey;
import io.grpc.ManagedChannel;
import java.util.concurrent.TimeUnit;

/** Every task queue on one matching address: a single-node cluster or the embedded dev mode. Owns its channel. */
public final class StaticMatchingRouter implements MatchingRouter {
  private final ManagedChannel channel;

  public StaticMatchingRouter(ManagedChannel channel) {
    this.channel = channel;
  }

  /** A plaintext channel to {@code target} ({@code host:port} or any gRPC target string). */
  public static StaticMatchingRouter forTarget(String target) {
    return new StaticMatchingRouter(MemberChannels.plaintextChannel(target));
  }

  @Override
  public MatchingServiceGrpc.MatchingServiceBlockingStub matching(TaskQueueKey queue) {
    return MatchingServiceGrpc.newBlockingStub(channel);
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
