package dev.conduit.membership.consul;

import java.time.Duration;

/**
 * How to reach the Consul agent and how registered instances are checked: the agent's HTTP address, an
 * ACL token (null for none), the datacenter to query (null for the agent's own), how often the agent
 * probes an instance, and how long an instance may stay critical before the agent removes it.
 */
public record ConsulSettings(
    String host, int port, String token, String datacenter, Duration checkInterval, Duration deregisterAfter) {

  /** Consul's default HTTP port, the one the local launcher uses. */
  public static final int DEFAULT_PORT = 8500;

  public ConsulSettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("consul host must not be blank");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("consul port " + port + " is outside 1..65535");
    }
    token = blankToNull(token);
    datacenter = blankToNull(datacenter);
    requirePositive(checkInterval, "checkInterval");
    requirePositive(deregisterAfter, "deregisterAfter");
  }

  /** The agent the local launcher runs on loopback, checking every 10 s and reaping after 1 min critical. */
  public static ConsulSettings local() {
    return new ConsulSettings("127.0.0.1", DEFAULT_PORT, null, null, Duration.ofSeconds(10), Duration.ofMinutes(1));
  }

  public ConsulSettings withCheckInterval(Duration interval) {
    return new ConsulSettings(host, port, token, datacenter, interval, deregisterAfter);
  }

  public ConsulSettings withDeregisterAfter(Duration after) {
    return new ConsulSettings(host, port, token, datacenter, checkInterval, after);
  }

  // the token is a credential: keep it out of logs and exception messages
  @Override
  public String toString() {
    return "ConsulSettings[" + host + ":" + port + ", token=" + (token == null ? "none" : "***") + ", datacenter="
        + (datacenter == null ? "agent's" : datacenter) + ", checkInterval=" + checkInterval + ", deregisterAfter="
        + deregisterAfter + "]";
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static void requirePositive(Duration value, String name) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException("consul " + name + " must be positive, was " + value);
    }
  }
}
