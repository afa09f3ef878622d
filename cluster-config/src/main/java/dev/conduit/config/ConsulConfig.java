package dev.conduit.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How services register with and find each other through the local Consul agent: its HTTP API and DNS
 * addresses, the datacenter, an ACL token, a prefix for service names (so several Conduit clusters can
 * share one Consul), and the health check timings of each registration.
 */
public record ConsulConfig(
    HostPort address,
    HostPort dnsAddress,
    String datacenter,
    Secret token,
    String serviceNamePrefix,
    Duration healthCheckInterval,
    Duration deregisterCriticalServiceAfter) {

  public static final HostPort DEFAULT_ADDRESS = new HostPort("127.0.0.1", 8500);
  public static final HostPort DEFAULT_DNS_ADDRESS = new HostPort("127.0.0.1", 8600);
  /**
   * How often Consul checks each registered service's port. A host whose port stops answering leaves the rings within
   * about this long, and its history shards and matching task queues move to the others.
   */
  public static final Duration DEFAULT_HEALTH_CHECK_INTERVAL = Duration.ofSeconds(1);
  /** Consul reaps critical services at most once a minute, so a shorter setting would be a lie. */
  public static final Duration MIN_DEREGISTER_AFTER = Duration.ofMinutes(1);

  public ConsulConfig {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(dnsAddress, "dnsAddress");
    Objects.requireNonNull(datacenter, "datacenter");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(serviceNamePrefix, "serviceNamePrefix");
    Objects.requireNonNull(healthCheckInterval, "healthCheckInterval");
    Objects.requireNonNull(deregisterCriticalServiceAfter, "deregisterCriticalServiceAfter");
  }

  /** The settings used when the file has no {@code consul} section: a dev agent on loopback. */
  public static ConsulConfig defaults() {
    return new ConsulConfig(DEFAULT_ADDRESS, DEFAULT_DNS_ADDRESS, "", Secret.empty(), "",
        DEFAULT_HEALTH_CHECK_INTERVAL, MIN_DEREGISTER_AFTER);
  }

  /** The Consul name of a role: {@code frontend}, or {@code east-frontend} with prefix {@code east-}. */
  public String serviceName(String role) {
    return serviceNamePrefix + role;
  }
}
