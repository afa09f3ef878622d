package dev.conduit.frontend.api;

import dev.conduit.frontend.visibility.VisibilityReader;
import dev.conduit.config.cluster.ClusterMetadataConfig;
import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.ServerVersion;
import dev.conduit.frontend.cluster.ClusterIds;
import io.temporal.api.workflowservice.v1.GetClusterInfoRequest;
import io.temporal.api.workflowservice.v1.GetClusterInfoResponse;

/**
 * This cluster's identity for CLIs and UIs: name, id, version, shard count and failover version
 * settings, and its visibility store. No client-version gate exists, so {@code supported_clients} is empty.
 */
public final class GetClusterInfo implements Operation<GetClusterInfoRequest, GetClusterInfoResponse> {
  private final GetClusterInfoResponse response;

  public GetClusterInfo(FrontendContext context, VisibilityReader visibility) {
    ClusterMetadataConfig metadata = context.clusterMetadata();
    this.response =
        GetClusterInfoResponse.newBuilder()
            .setClusterName(metadata.currentClusterName())
            .setClusterId(ClusterIds.of(metadata.currentClusterName()))
            .setServerVersion(ServerVersion.current())
            .setHistoryShardCount(context.settings().numHistoryShards())
            .setPersistenceStore("cassandra")
            .setVisibilityStore(visibility.storeName())
            .setFailoverVersionIncrement(metadata.failoverVersionIncrement())
            .setInitialFailoverVersion(metadata.currentCluster().initialFailoverVersion())
            .build();
  }

  @Override
  public GetClusterInfoResponse handle(GetClusterInfoRequest request) {
    return response;
  }
}
