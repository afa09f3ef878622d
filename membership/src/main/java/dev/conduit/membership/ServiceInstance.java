package dev.conduit.membership;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A service instance as registered in the service registry: the role's service name (for example
 * {@code conduit-history}), a unique instance id, the address and port its health check probes, and
 * free-form tags (the cluster name) and metadata.
 */
public record ServiceInstance(
    String service, String id, String address, int port, List<String> tags, Map<String, String> meta) {

  public ServiceInstance {
    requireText(service, "service name");
    requireText(id, "instance id of " + service);
    requireText(address, "address of " + id);
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("instance " + id + ": port " + port + " is outside 1..65535");
    }
    tags = List.copyOf(Objects.requireNonNullElse(tags, List.of()));
    meta = Map.copyOf(Objects.requireNonNullElse(meta, Map.of()));
  }

  /** An instance without tags or metadata. */
  public static ServiceInstance of(String service, String id, String address, int port) {
    return new ServiceInstance(service, id, address, port, List.of(), Map.of());
  }

  /** The same instance with the given tags instead of its own. */
  public ServiceInstance withTags(List<String> newTags) {
    return new ServiceInstance(service, id, address, port, newTags, meta);
  }

  /** The same instance with the given metadata instead of its own. */
  public ServiceInstance withMeta(Map<String, String> newMeta) {
    return new ServiceInstance(service, id, address, port, tags, newMeta);
  }

  /** The ring's view of this instance. */
  public Member member() {
    return new Member(id, address, port);
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }
}
