package dev.conduit.client;

import dev.conduit.membership.Member;
import dev.conduit.membership.MembershipListener;
import dev.conduit.membership.MembershipMonitor;
import io.grpc.Status;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Routes a key to the member that owns it on the ring of a {@link MembershipMonitor}. The monitor is the caller's:
 * this router listens to it (so channels of members that left are shut down) but neither starts nor closes it.
 */
final class RingRouter implements Router {
  private final MembershipMonitor monitor;
  private final MemberChannels channels;
  private final List<MembershipListener> leftListeners = new CopyOnWriteArrayList<>();

  RingRouter(MembershipMonitor monitor, MemberChannels channels) {
    this.monitor = monitor;
    this.channels = channels;
    monitor.addListener(channels);
  }

  @Override
  public Host route(String key) {
    Member owner = monitor.owner(key).orElseThrow(() -> Status.UNAVAILABLE
        .withDescription("no " + monitor.service() + " host is available for " + key).asRuntimeException());
    return host(owner);
  }

  @Override
  public List<Host> hosts() {
    return monitor.members().stream().map(this::host).toList();
  }

  @Override
  public Optional<String> owner(String key) {
    return monitor.owner(key).map(Member::id);
  }

  @Override
  public void onHostLeft(Consumer<String> listener) {
    MembershipListener left = (change, ring) -> change.left().forEach(member -> listener.accept(member.id()));
    leftListeners.add(left);
    monitor.addListener(left);
  }

  @Override
  public void close() {
    leftListeners.forEach(monitor::removeListener);
    monitor.removeListener(channels);
    channels.close();
  }

  private Host host(Member member) {
    return new Host(member.id(), member.address(), channels.channel(member));
  }
}
