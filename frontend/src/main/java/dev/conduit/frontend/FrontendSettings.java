package dev.conduit.frontend;

import dev.conduit.config.ClusterConfig;
import dev.conduit.config.archival.ArchivalConfig;
import dev.conduit.config.archival.NamespaceDefaultsConfig;
import dev.conduit.config.cluster.DcRedirectionConfig;
import dev.conduit.config.services.RpcConfig;
import dev.conduit.config.services.ServiceName;
import java.util.Objects;

/**
 * What the frontend needs from the static config besides cluster metadata: where to listen (port 0 picks
 * a free one), the history shard count it reports, archival and namespace defaults, and the DC redirection
 * policy. How long a cached namespace is trusted is dynamic config ({@code system.namespaceCacheRefreshInterval}).
 */
public record FrontendSettings(
    String bindHost,
    int port,
    int numHistoryShards,
    ArchivalConfig archival,
    NamespaceDefaultsConfig namespaceDefaults,
    DcRedirectionConfig redirection) {

  public FrontendSettings {
    Objects.requireNonNull(bindHost, "bindHost");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not in 0..65535");
    }
    if (numHistoryShards < 1) {
      throw new IllegalArgumentException("numHistoryShards must be positive, was " + numHistoryShards);
    }
    Objects.requireNonNull(archival, "archival");
    Objects.requireNonNull(namespaceDefaults, "namespaceDefaults");
    Objects.requireNonNull(redirection, "redirection");
  }

  /** Loopback on {@code port}, archival disabled, no DC redirection: what tests use. */
  public static FrontendSettings local(int port, int numHistoryShards) {
    return new FrontendSettings("127.0.0.1", port, numHistoryShards, ArchivalConfig.disabled(),
        NamespaceDefaultsConfig.disabled(), DcRedirectionConfig.defaults());
  }

  /** The settings of a node whose config has a {@code services.frontend} section. */
  public static FrontendSettings from(ClusterConfig config) {
    RpcConfig rpc = config.service(ServiceName.FRONTEND)
        .orElseThrow(() -> new IllegalArgumentException("the config has no services.frontend section"))
        .rpc();
    return new FrontendSettings(rpc.bindAddress(), rpc.grpcPort(), config.persistence().numHistoryShards(),
        config.archival(), config.namespaceDefaults(), config.dcRedirectionPolicy());
  }

  public FrontendSettings withPort(int otherPort) {
    return new FrontendSettings(bindHost, otherPort, numHistoryShards, archival, namespaceDefaults, redirection);
  }

  /** The same settings bound to another address (one of several frontend hosts on one machine). */
  public FrontendSettings withBindHost(String otherBindHost) {
    return new FrontendSettings(otherBindHost, port, numHistoryShards, archival, namespaceDefaults, redirection);
  }

  public FrontendSettings withRedirection(DcRedirectionConfig otherRedirection) {
    return new FrontendSettings(bindHost, port, numHistoryShards, archival, namespaceDefaults, otherRedirection);
  }
}
