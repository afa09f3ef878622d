package dev.conduit.config.services;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code global} section: membership settings shared by all services of a node, and the port of
 * the profiling endpoint (0 turns it off).
 */
public record GlobalConfig(Membership membership, int pprofPort) {

  public GlobalConfig {
    Objects.requireNonNull(membership, "membership");
  }

  public static GlobalConfig defaults() {
    return new GlobalConfig(Membership.defaults(), 0);
  }

  /**
   * {@code global.membership}: the membership ring's name, how long a starting node may take to join
   * it, and the IP address other nodes should use to reach this one when it differs from the bind IP.
   */
  public record Membership(String name, Duration maxJoinDuration, Optional<String> broadcastAddress) {

    /** Temporal waits this long for a new node to join the ring before failing its start. */
    public static final Duration DEFAULT_MAX_JOIN_DURATION = Duration.ofSeconds(10);

    public Membership {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(maxJoinDuration, "maxJoinDuration");
      Objects.requireNonNull(broadcastAddress, "broadcastAddress");
    }

    public static Membership defaults() {
      return new Membership("", DEFAULT_MAX_JOIN_DURATION, Optional.empty());
    }
  }
}
