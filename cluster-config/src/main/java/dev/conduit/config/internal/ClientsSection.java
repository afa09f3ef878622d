package dev.conduit.config.internal;

import dev.conduit.config.ConsulConfig;
import dev.conduit.config.DynamicConfigClientConfig;
import dev.conduit.config.HostPort;
import dev.conduit.config.PublicClientConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Reads {@code publicClient}, {@code dynamicConfigClient} and our own {@code consul} section. */
final class ClientsSection {

  private ClientsSection() {}

  static PublicClientConfig parsePublicClient(Section client) {
    return new PublicClientConfig(client.requiredParsed("hostPort", text -> {
      HostPort.parse(text.startsWith(PublicClientConfig.DNS_SCHEME)
          ? text.substring(PublicClientConfig.DNS_SCHEME.length()) : text);
      return text;
    }, ""));
  }

  /** A relative {@code filepath} is resolved against {@code baseDirectory}, the static file's folder. */
  static DynamicConfigClientConfig parseDynamicConfigClient(Section client, Path baseDirectory) {
    Path file = client.requiredParsed("filepath", text -> {
      try {
        return baseDirectory.resolve(text).normalize();
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException("'" + text + "' is not a valid path: " + e.getReason());
      }
    }, baseDirectory);
    return new DynamicConfigClientConfig(file, Checks.atLeast(client, "pollInterval",
        client.duration("pollInterval", DynamicConfigClientConfig.DEFAULT_POLL_INTERVAL),
        DynamicConfigClientConfig.MIN_POLL_INTERVAL));
  }

  static ConsulConfig parseConsul(Section consul) {
    String prefix = consul.string("serviceNamePrefix", "");
    if (!prefix.matches("[A-Za-z0-9-]*")) {
      consul.error("serviceNamePrefix", "'" + prefix + "' may hold only letters, digits and '-', since"
          + " service names become DNS labels (frontend.service.consul)");
    }
    return new ConsulConfig(
        consul.parsed("address", HostPort::parse, ConsulConfig.DEFAULT_ADDRESS),
        consul.parsed("dnsAddress", HostPort::parse, ConsulConfig.DEFAULT_DNS_ADDRESS),
        consul.string("datacenter", ""),
        consul.secret("token"),
        prefix,
        Checks.positive(consul, "healthCheckInterval",
            consul.duration("healthCheckInterval", ConsulConfig.DEFAULT_HEALTH_CHECK_INTERVAL)),
        Checks.atLeast(consul, "deregisterCriticalServiceAfter",
            consul.duration("deregisterCriticalServiceAfter", ConsulConfig.MIN_DEREGISTER_AFTER),
            ConsulConfig.MIN_DEREGISTER_AFTER));
  }
}
