package dev.conduit.client.resolver;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a {@code consul://HOST:PORT/SERVICE[?dc=DATACENTER]} target names: the Consul agent's HTTP API (default
 * {@code 127.0.0.1:8500} when the authority is empty, as in {@code consul:///conduit-frontend}), the service whose
 * healthy instances are the addresses, and optionally the datacenter to ask about.
 */
record ConsulTarget(String agentHost, int agentPort, String service, Optional<String> datacenter) {
  static final String DEFAULT_HOST = "127.0.0.1";
  static final int DEFAULT_PORT = 8500;

  static ConsulTarget parse(URI uri) {
    String path = uri.getPath() == null ? "" : uri.getPath();
    String service = path.startsWith("/") ? path.substring(1) : path;
    if (service.isEmpty() || service.contains("/")) {
      throw new IllegalArgumentException("a consul target names one service: consul://HOST:PORT/SERVICE, e.g."
          + " consul://127.0.0.1:8500/conduit-frontend; got " + uri);
    }
    String host = uri.getHost() == null ? DEFAULT_HOST : uri.getHost();
    int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
    Optional<String> datacenter = Optional.empty();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        String[] kv = pair.split("=", 2);
        if (kv.length == 2 && kv[0].equals("dc") && !kv[1].isEmpty()) {
          datacenter = Optional.of(URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        } else {
          throw new IllegalArgumentException("a consul target takes only ?dc=DATACENTER; got '" + pair + "' in " + uri);
        }
      }
    }
    return new ConsulTarget(host, port, service, datacenter);
  }
}
