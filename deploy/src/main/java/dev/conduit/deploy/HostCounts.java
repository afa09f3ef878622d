package dev.conduit.deploy;

import dev.conduit.config.services.ServiceName;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How many hosts of each role a local cluster runs, from {@code --hosts frontend=2,history=3,matching=2}; a role not
 * named runs one host. Host {@code k} of a role binds the loopback address {@code 127.0.0.k} on the role's port
 * from the config, so several hosts of a role look to Consul, its DNS and the SDKs as hosts of a real network would:
 * one name, one port, several addresses.
 */
record HostCounts(Map<ServiceName, Integer> counts) {
  /** Loopback addresses 127.0.0.1 .. 127.0.0.9. */
  static final int MAX_HOSTS = 9;

  HostCounts {
    counts = Map.copyOf(counts);
  }

  static HostCounts one() {
    return new HostCounts(Map.of());
  }

  /** Parses {@code role=N,...}; empty text is one host of each role. */
  static HostCounts parse(String text) {
    Map<ServiceName, Integer> counts = new EnumMap<>(ServiceName.class);
    if (text.isBlank()) {
      return new HostCounts(counts);
    }
    for (String item : text.split(",")) {
      String[] pair = item.strip().split("=", -1);
      if (pair.length != 2) {
        throw new IllegalArgumentException("--hosts takes role=N,... (e.g. frontend=2,history=3,matching=2); '" + item + "' is not role=N");
      }
      ServiceName role = ServiceName.fromConfigName(pair[0].strip())
          .filter(LocalServices.ROLES::contains)
          .orElseThrow(() -> new IllegalArgumentException("--hosts: '" + pair[0].strip() + "' is not one of the roles "
              + LocalServices.ROLES.stream().map(ServiceName::configName).collect(Collectors.joining(", "))));
      int n;
      try {
        n = Integer.parseInt(pair[1].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--hosts: the count of " + role.configName() + " is not a number: '" + pair[1] + "'");
      }
      if (n < 1 || n > MAX_HOSTS) {
        throw new IllegalArgumentException("--hosts: " + role.configName() + "=" + n + " is outside 1.." + MAX_HOSTS
            + " (host k binds 127.0.0.k)");
      }
      if (role == ServiceName.REPLICATION && n > 1) {
        throw new IllegalArgumentException("--hosts: replication runs on one host: replication hosts do not share out the"
            + " shards through a ring yet, so a second one would publish every task twice");
      }
      if (counts.put(role, n) != null) {
        throw new IllegalArgumentException("--hosts names " + role.configName() + " twice");
      }
    }
    return new HostCounts(counts);
  }

  int of(ServiceName role) {
    return counts.getOrDefault(role, 1);
  }

  /** The loopback address of host {@code k} (1-based). */
  static String address(int k) {
    return "127.0.0." + k;
  }

  /** Per role the larger of the two counts. */
  HostCounts atLeast(HostCounts other) {
    Map<ServiceName, Integer> merged = new EnumMap<>(ServiceName.class);
    for (ServiceName role : LocalServices.ROLES) {
      int n = Math.max(of(role), other.of(role));
      if (n > 1) {
        merged.put(role, n);
      }
    }
    return new HostCounts(merged);
  }

  /** The form {@link #parse} reads; empty for one host of each role. */
  String text() {
    return LocalServices.ROLES.stream().filter(counts::containsKey)
        .map(role -> role.configName() + "=" + counts.get(role)).collect(Collectors.joining(","));
  }
}
