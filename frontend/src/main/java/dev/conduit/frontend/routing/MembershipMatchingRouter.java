package dev.conduit.frontend.routing;
import dev.conduit.membership.grpc.MemberChannels;

import dev.conduit.membership.Member;
import dev.conduit.membership.MembershipMonitor;
import dev.conduit.proto.matching.v1.MatchingServiceGrpc;
import dev.conduit.proto.matching.v1.TaskQueueKey;
import io.grpc.Status;

/**
 * Routes a task queue to the matching member that owns its {@link MatchingRouter#ringKey ring key}. The
 * monitor is the caller's: this router listens to it but neither starts nor closes it.
 */
public final class MembershipMatchingRouter implements MatchingRouter {
  private final MembershipMonitor monitor;
  private final MemberChannels channels;

  public MembershipMatchingRouter(MembershipMonitor monitor, MemberChannels channels) {
    this.monitor = monitor;
    this.channels = channels;
    monitor.addListener(channels);
  }

  @Override
  public MatchingServiceGrpc.MatchingServiceBlockingStub matching(TaskQueueKey queue) {
    String key = MatchingRouter.ringKey(queue);
    Member owner = monitor.owner(key).orElseThrow(() -> Status.UNAVAILABLE
        .withDescription("no matching host is available for task queue " + key).asRuntimeException());
    return MatchingServiceGrpc.newBlockingStub(channels.channel(owner));
  }

  @Override
  public java.util.List<String> hosts() {
    return monitor.members().stream().map(member -> member.id()).toList();
  }

  @Override
  public void close() {
    monitor.removeListener(channels);
    channels.close();
  }
}
