package dev.conduit.config;

import java.util.Objects;

/**
 * How the server's own system workers reach the frontend as an SDK client: a gRPC target, either
 * {@code host:port} or a DNS-resolved {@code dns:///name:port}.
 */
public record PublicClientConfig(String hostPort) {

  /** The gRPC target scheme that resolves a name through DNS and balances over its addresses. */
  public static final String DNS_SCHEME = "dns:///";

  public PublicClientConfig {
    Objects.requireNonNull(hostPort, "hostPort");
  }

  /** The address without the {@code dns:///} scheme, if any. */
  public HostPort address() {
    return HostPort.parse(usesDnsResolver() ? hostPort.substring(DNS_SCHEME.length()) : hostPort);
  }

  /** True when the target asks gRPC's DNS resolver to balance over every address of the name. */
  public boolean usesDnsResolver() {
    return hostPort.startsWith(DNS_SCHEME);
  }
}
