package dev.conduit.client;

import dev.conduit.membership.HashRing;
import dev.conduit.membership.Member;
import dev.conduit.membership.MembershipChange;
import dev.conduit.membership.MembershipListener;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * One cached channel per member of an internal service, opened on first use. As a membership listener it
 * shuts down the channels of members that left; a call racing with that fails UNAVAILABLE, which the
 * caller's retry resolves against the new view.
 */
public final class MemberChannels implements MembershipListener, AutoCloseable {
  /** Internal answers carry whole history pages; the public 4 MB limit applies at the SDK, not here. */
  static final int MAX_INBOUND_MESSAGE_BYTES = 128 * 1024 * 1024;

  private final Function<Member, ManagedChannel> open;
  private final ConcurrentMap<Member, ManagedChannel> channels = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public MemberChannels(Function<Member, ManagedChannel> open) {
    this.open = open;
  }

  /** Plaintext netty channels to each member's {@code host:port}. */
  public static MemberChannels plaintext() {
    return new MemberChannels(member -> plaintextChannel(member.address()));
  }

  public static ManagedChannel plaintextChannel(String target) {
    return NettyChannelBuilder.forTarget(target)
        .usePlaintext()
        .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
        .build();
  }

  /** The channel to {@code member}, opened if this is the first call to it. */
  public ManagedChannel channel(Member member) {
    if (closed) {
      throw Status.UNAVAILABLE.withDescription("shutting down").asRuntimeException();
    }
    return channels.computeIfAbsent(member, open);
  }

  /** The members a channel is open to, for tests and diagnostics. */
  public Map<Member, ManagedChannel> open() {
    return Map.copyOf(channels);
  }

  @Override
  public void membershipChanged(MembershipChange change, HashRing ring) {
    for (Member left : change.left()) {
      ManagedChannel channel = channels.remove(left);
      if (channel != null) {
        // calls in flight finish; new ones go to the member's successor
        channel.shutdown();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    channels.values().forEach(ManagedChannel::shutdownNow);
    channels.clear();
  }
}
