package dev.conduit.frontend;

import dev.conduit.config.cluster.ClusterMetadataConfig;
import dev.conduit.config.cluster.FailoverVersions;
import dev.conduit.persistence.namespace.NamespaceRegistry;
import dev.conduit.persistence.namespace.NamespaceStore;
import java.time.Clock;
import java.util.Objects;

/**
 * What the operation classes of the frontend share: settings, cluster metadata and its failover version
 * arithmetic, the namespace store and its cache, and the clock. Later operations add the history and
 * matching clients here.
 */
public record FrontendContext(
    FrontendSettings settings,
    ClusterMetadataConfig clusterMetadata,
    FailoverVersions failoverVersions,
    NamespaceStore namespaceStore,
    NamespaceRegistry namespaceRegistry,
    Clock clock) {

  public FrontendContext {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clusterMetadata, "clusterMetadata");
    Objects.requireNonNull(failoverVersions, "failoverVersions");
    Objects.requireNonNull(namespaceStore, "namespaceStore");
    Objects.requireNonNull(namespaceRegistry, "namespaceRegistry");
    Objects.requireNonNull(clock, "clock");
  }

  public String currentCluster() {
    return clusterMetadata.currentClusterName();
  }
}
