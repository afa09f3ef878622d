package dev.conduit.config.services;

import java.util.Arrays;
import java.util.Optional;

/** The roles a node can run, named as the keys of the {@code services} section. */
public enum ServiceName {
  FRONTEND("frontend"),
  HISTORY("history"),
  MATCHING("matching"),
  REPLICATION("replication"),
  WORKER("worker");

  private final String configName;

  ServiceName(String configName) {
    this.configName = configName;
  }

  /** The key in the config file, also the role's Consul service name before any prefix. */
  public String configName() {
    return configName;
  }

  public static Optional<ServiceName> fromConfigName(String name) {
    return Arrays.stream(values()).filter(s -> s.configName.equals(name)).findFirst();
  }
}
