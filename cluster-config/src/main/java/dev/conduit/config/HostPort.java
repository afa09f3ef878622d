package dev.conduit.config;

import dev.conduit.config.internal.Addresses;
import java.util.Objects;

/**
 * A network address from the config: a host name or IP literal and a port in 1..65535. IPv6 literals are
 * written in brackets ({@code [::1]:7233}) so the port separator is unambiguous.
 */
public record HostPort(String host, int port) {

  public HostPort {
    Objects.requireNonNull(host, "host");
    if (!Addresses.isValidHost(host)) {
      throw new IllegalArgumentException("'" + host + "' is not a valid host name or IP address");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not in 1..65535");
    }
  }

  /** Parses {@code host:port}; the port is required. */
  public static HostPort parse(String text) {
    return parse(text, 0);
  }

  /**
   * Parses {@code host:port}, or a bare {@code host} that takes {@code defaultPort}; a default of 0
   * means the port is required.
   */
  public static HostPort parse(String text, int defaultPort) {
    Objects.requireNonNull(text, "text");
    String trimmed = text.trim();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("address is empty, expected host:port");
    }
    String host;
    String port;
    if (trimmed.startsWith("[")) {
      int close = trimmed.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("'" + text + "' has an unclosed '[' in its IPv6 address");
      }
      host = trimmed.substring(1, close);
      if (!Addresses.isIpv6Literal(host)) {
        throw new IllegalArgumentException("'" + host + "' is not a valid IPv6 address");
      }
      String rest = trimmed.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        throw new IllegalArgumentException("'" + text + "' is not of the form [ipv6]:port");
      }
      port = rest.isEmpty() ? null : rest.substring(1);
    } else {
      int colon = trimmed.lastIndexOf(':');
      if (colon >= 0 && trimmed.indexOf(':') != colon) {
        throw new IllegalArgumentException(
            "'" + text + "' looks like a bare IPv6 address; write it as [address]:port");
      }
      host = colon < 0 ? trimmed : trimmed.substring(0, colon);
      port = colon < 0 ? null : trimmed.substring(colon + 1);
    }
    if (port == null) {
      if (defaultPort == 0) {
        throw new IllegalArgumentException("'" + text + "' has no port, expected host:port");
      }
      return new HostPort(host, defaultPort);
    }
    return new HostPort(host, parsePort(text, port));
  }

  private static int parsePort(String text, String port) {
    if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("'" + text + "' has a bad port '" + port + "'");
    }
    return Integer.parseInt(port);
  }

  /** The address as written in config files, with IPv6 literals in brackets. */
  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
