package dev.conduit.frontend.routing;
import dev.conduit.membership.grpc.MemberChannels;

import dev.conduit.membership.Member;
import dev.conduit.membership.MembershipMonitor;
import dev.conduit.proto.history.v1.HistoryServiceGrpc;
import io.grpc.Status;

/**
 * Routes a shard to the history member that owns the key {@code "<shardId>"} on the history ring. The
 * monitor is the caller's: this router listens to it but neither starts nor closes it.
 */
public final class MembershipHistoryRouter implements HistoryRouter {
  private final MembershipMonitor monitor;
  private final MemberChannels channels;

  public MembershipHistoryRouter(MembershipMonitor monitor, MemberChannels channels) {
    this.monitor = monitor;
    this.channels = channels;
    monitor.addListener(channels);
  }

  @Override
  public HistoryServiceGrpc.HistoryServiceBlockingStub history(int shardId) {
    Member owner = monitor.owner(Integer.toString(shardId)).orElseThrow(() -> Status.UNAVAILABLE
        .withDescription("no history host is available for shard " + shardId).asRuntimeException());
    return HistoryServiceGrpc.newBlockingStub(channels.channel(owner));
  }

  @Override
  public java.util.Optional<String> owner(int shardId) {
    return monitor.owner(Integer.toString(shardId)).map(Member::id);
  }

  @Override
  public java.util.List<Host> hosts() {
    return monitor.members().stream()
        .map(member -> new Host(member.id(), member.address(), HistoryServiceGrpc.newBlockingStub(channels.channel(member))))
        .toList();
  }

  @Override
  public void close() {
    monitor.removeListener(channels);
    channels.close();
  }
}
