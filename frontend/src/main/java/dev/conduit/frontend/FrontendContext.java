package dev.conduit.frontend;

import dev.conduit.config.cluster.ClusterMetadataConfig;
import dev.conduit.config.cluster.FailoverVersions;
import dev.conduit.config.dynamic.DynamicConfig;
import dev.conduit.client.history.HistoryServiceClient;
import dev.conduit.client.matching.MatchingServiceClient;
import dev.conduit.frontend.routing.Routing;
import dev.conduit.persistence.namespace.NamespaceRegistry;
import dev.conduit.persistence.namespace.NamespaceStore;
import dev.conduit.frontend.cluster.ClusterDirectory;
import dev.conduit.frontend.cluster.ClusterInfoFetcher;
import dev.conduit.frontend.cluster.GrpcClusterInfoFetcher;
import dev.conduit.frontend.redirection.ForwardingSettings;
import dev.conduit.frontend.redirection.RemoteFrontends;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What the operation classes of the frontend share: settings, cluster metadata and its failover version
 * arithmetic, the namespace store and its cache, the clock, the routes to history and matching, and the
 * dynamic config (limits read on every use), the clusters this one knows, the way to ask a remote frontend who
 * it is, and the cross-cluster client of DC redirection.
 */
public record FrontendContext(
    FrontendSettings settings,
    ClusterMetadataConfig clusterMetadata,
    FailoverVersions failoverVersions,
    NamespaceStore namespaceStore,
    NamespaceRegistry namespaceRegistry,
    Clock clock,
    Routing routing,
    DynamicConfig dynamicConfig,
    ClusterDirectory clusters,
    ClusterInfoFetcher clusterInfoFetcher,
    RemoteFrontends remoteFrontends) {
  /** How long an operator's AddOrUpdateRemoteCluster waits for the remote's GetClusterInfo. */
  public static final Duration CLUSTER_INFO_TIMEOUT = Duration.ofSeconds(5);

  public FrontendContext {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clusterMetadata, "clusterMetadata");
    Objects.requireNonNull(failoverVersions, "failoverVersions");
    Objects.requireNonNull(namespaceStore, "namespaceStore");
    Objects.requireNonNull(namespaceRegistry, "namespaceRegistry");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(routing, "routing");
    Objects.requireNonNull(dynamicConfig, "dynamicConfig");
    Objects.requireNonNull(clusters, "clusters");
    Objects.requireNonNull(clusterInfoFetcher, "clusterInfoFetcher");
    Objects.requireNonNull(remoteFrontends, "remoteFrontends");
  }

  /** A context whose clusters are the config's only (no cluster store), reached with the default settings. */
  public FrontendContext(
      FrontendSettings settings,
      ClusterMetadataConfig clusterMetadata,
      FailoverVersions failoverVersions,
      NamespaceStore namespaceStore,
      NamespaceRegistry namespaceRegistry,
      Clock clock,
      Routing routing,
      DynamicConfig dynamicConfig) {
    this(settings, clusterMetadata, failoverVersions, namespaceStore, namespaceRegistry, clock, routing, dynamicConfig,
        ClusterDirectory.staticOnly(clusterMetadata, settings.numHistoryShards()));
  }

  private FrontendContext(
      FrontendSettings settings,
      ClusterMetadataConfig clusterMetadata,
      FailoverVersions failoverVersions,
      NamespaceStore namespaceStore,
      NamespaceRegistry namespaceRegistry,
      Clock clock,
      Routing routing,
      DynamicConfig dynamicConfig,
      ClusterDirectory clusters) {
    this(settings, clusterMetadata, failoverVersions, namespaceStore, namespaceRegistry, clock, routing, dynamicConfig,
        clusters, new GrpcClusterInfoFetcher(CLUSTER_INFO_TIMEOUT),
        new RemoteFrontends(clusters, ForwardingSettings.defaults()));
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

  /** The client for workflow calls to the history shard owners, shared by every operation. */
  public HistoryServiceClient historyClient() {
    return routing.history();
  }

  /** The client for polls and calls forwarded to the task queue owners, shared by every operation. */
  public MatchingServiceClient matchingClient() {
    return routing.matching();
  }
}
