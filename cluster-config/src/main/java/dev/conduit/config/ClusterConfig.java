package dev.conduit.config;

import dev.conduit.config.archival.ArchivalConfig;
import dev.conduit.config.archival.NamespaceDefaultsConfig;
import dev.conduit.config.cluster.ClusterMetadataConfig;
import dev.conduit.config.cluster.DcRedirectionConfig;
import dev.conduit.config.kafka.KafkaConfig;
import dev.conduit.config.persistence.PersistenceConfig;
import dev.conduit.config.services.GlobalConfig;
import dev.conduit.config.services.ServiceConfig;
import dev.conduit.config.services.ServiceName;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The static configuration of one cluster node, in the shape of Temporal's {@code development.yaml}
 * plus a {@code consul} section. Loaded and validated once by {@link ConfigLoader}; runtime-changeable
 * settings live apart, in the dynamic config file named by {@link #dynamicConfigClient()}.
 */
public record ClusterConfig(
    PersistenceConfig persistence,
    GlobalConfig global,
    Map<ServiceName, ServiceConfig> services,
    ClusterMetadataConfig clusterMetadata,
    DcRedirectionConfig dcRedirectionPolicy,
    Optional<KafkaConfig> kafka,
    ArchivalConfig archival,
    NamespaceDefaultsConfig namespaceDefaults,
    Optional<PublicClientConfig> publicClient,
    Optional<DynamicConfigClientConfig> dynamicConfigClient,
    ConsulConfig consul) {

  public ClusterConfig {
    Objects.requireNonNull(persistence, "persistence");
    Objects.requireNonNull(global, "global");
    services = services.isEmpty()
        ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(services));
    Objects.requireNonNull(clusterMetadata, "clusterMetadata");
    Objects.requireNonNull(dcRedirectionPolicy, "dcRedirectionPolicy");
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(archival, "archival");
    Objects.requireNonNull(namespaceDefaults, "namespaceDefaults");
    Objects.requireNonNull(publicClient, "publicClient");
    Objects.requireNonNull(dynamicConfigClient, "dynamicConfigClient");
    Objects.requireNonNull(consul, "consul");
  }

  /** The settings of one role, if this file configures it. */
  public Optional<ServiceConfig> service(ServiceName name) {
    return Optional.ofNullable(services.get(name));
  }
}
