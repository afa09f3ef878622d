package dev.conduit.frontend.api;

import dev.conduit.config.cluster.ClusterMetadataConfig;
import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.ServerVersion;
import io.temporal.api.workflowservice.v1.GetClusterInfoRequest;
import io.temporal.api.workflowservice.v1.GetClusterInfoResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * This cluster's identity for CLIs and UIs: name, id, version, shard count and failover version
 * settings. No client-version gate exists, so {@code supported_clients} is empty.
 */
public final class GetClusterInfo implements Operation<GetClusterInfoRequest, GetClusterInfoResponse> {
  private final GetClusterInfoResponse response;

  public GetClusterInfo(FrontendContext context) {
    ClusterMetadataConfig metadata = context.clusterMetadata();
    this.response =
        GetClusterInfoResponse.newBuilder()
            .setClusterName(metadata.currentClusterName())
            .setClusterId(clusterId(metadata.currentClusterName()))
            .setServerVersion(ServerVersion.current())
            .setHistoryShardCount(context.settings().numHistoryShards())
            .setPersistenceStore("cassandra")
            // no visibility store is wired yet; say so rather than name one
            .setVisibilityStore("")
            .setFailoverVersionIncrement(metadata.failoverVersionIncrement())
            .setInitialFailoverVersion(metadata.currentCluster().initialFailoverVersion())
            .build();
  }

  /**
   * Derived from the cluster name (name-based UUID), so every node of the cluster reports the same id
   * without one being stored.
   */
  static String clusterId(String clusterName) {
    return UUID.nameUUIDFromBytes(("conduit-cluster:" + clusterName).getBytes(StandardCharsets.UTF_8)).toString();
  }

  @Override
  public GetClusterInfoResponse handle(GetClusterInfoRequest request) {
    return response;
  }
}
