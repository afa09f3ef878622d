package dev.conduit.frontend;

import dev.conduit.config.cluster.ClusterMetadataConfig;
import dev.conduit.config.cluster.FailoverVersions;
import dev.conduit.config.dynamic.DynamicConfig;
import dev.conduit.frontend.routing.HistoryClient;
import dev.conduit.frontend.routing.MatchingClient;
import dev.conduit.frontend.routing.Routing;
import dev.conduit.persistence.namespace.NamespaceRegistry;
import dev.conduit.persistence.namespace.NamespaceStore;
import java.time.Clock;
import java.util.Objects;

/**
 * What the operation classes of the frontend share: settings, cluster metadata and its failover version
 * arithmetic, the namespace store and its cache, the clock, the routes to history and matching, and the
 * dynamic config (limits read on every use).
 */
public record FrontendContext(
    FrontendSettings settings,
    ClusterMetadataConfig clusterMetadata,
    FailoverVersions failoverVersions,
    NamespaceStore namespaceStore,
    NamespaceRegistry namespaceRegistry,
    Clock clock,
    Routing routing,
    DynamicConfig dynamicConfig) {

  public FrontendContext {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clusterMetadata, "clusterMetadata");
    Objects.requireNonNull(failoverVersions, "failoverVersions");
    Objects.requireNonNull(namespaceStore, "namespaceStore");
    Objects.requireNonNull(namespaceRegistry, "namespaceRegistry");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(routing, "routing");
    Objects.requireNonNull(dynamicConfig, "dynamicConfig");
  }

  /** A namespace-only context: no history or matching, dynamic settings at their defaults. */
  public FrontendContext(
      FrontendSettings settings,
      ClusterMetadataConfig clusterMetadata,
      FailoverVersions failoverVersions,
      NamespaceStore namespaceStore,
      NamespaceRegistry namespaceRegistry,
      Clock clock) {
    this(settings, clusterMetadata, failoverVersions, namespaceStore, namespaceRegistry, clock, Routing.none(),
        DynamicConfig.defaults());
  }

  public String currentCluster() {
    return clusterMetadata.currentClusterName();
  }

  /** A client for workflow calls to the history shard owners. */
  public HistoryClient historyClient() {
    return new HistoryClient(routing.history(), settings.numHistoryShards(), routing.calls());
  }

  /** A client for polls forwarded to the task queue owners. */
  public MatchingClient matchingClient() {
    return new MatchingClient(routing.matching(), routing.calls());
  }
}
