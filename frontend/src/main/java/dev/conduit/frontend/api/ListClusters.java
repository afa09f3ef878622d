package dev.conduit.frontend.api;

import com.google.protobuf.ByteString;
import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.cluster.ClusterDirectory;
import dev.conduit.frontend.cluster.KnownCluster;
import dev.conduit.frontend.errors.InvalidArgumentException;
import io.temporal.api.operatorservice.v1.ClusterMetadata;
import io.temporal.api.operatorservice.v1.ListClustersRequest;
import io.temporal.api.operatorservice.v1.ListClustersResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code OperatorService.ListClusters}: this cluster first, then the config's other clusters, then the ones
 * added at runtime (an added record wins over the config's entry of its name). Replication is on for the
 * config's enabled clusters when namespaces replicate over Kafka (their topics are in the config); clusters only
 * added at runtime get none. The page token is the offset of the next cluster.
 */
public final class ListClusters implements Operation<ListClustersRequest, ListClustersResponse> {
  static final int DEFAULT_PAGE_SIZE = 100;

  private final ClusterDirectory clusters;

  public ListClusters(FrontendContext context) {
    this.clusters = context.clusters();
  }

  @Override
  public ListClustersResponse handle(ListClustersRequest request) {
    int pageSize = request.getPageSize() <= 0 ? DEFAULT_PAGE_SIZE : request.getPageSize();
    int from = offset(request.getNextPageToken());
    List<KnownCluster> all = clusters.all();
    int to = Math.min(all.size(), from + pageSize);
    boolean kafka = clusters.metadata().replicatesThroughKafka();
    var configured = clusters.metadata().clusterInformation().keySet();
    ListClustersResponse.Builder response = ListClustersResponse.newBuilder();
    for (KnownCluster cluster : all.subList(Math.min(from, all.size()), to)) {
      response.addClusters(ClusterMetadata.newBuilder()
          .setClusterName(cluster.name())
          .setClusterId(cluster.clusterId())
          .setAddress(cluster.address())
          .setInitialFailoverVersion(cluster.initialFailoverVersion())
          .setHistoryShardCount(cluster.historyShardCount())
          .setIsConnectionEnabled(cluster.connectionEnabled())
          .setIsReplicationEnabled(kafka && cluster.connectionEnabled() && configured.contains(cluster.name())));
    }
    if (to < all.size()) {
      response.setNextPageToken(ByteString.copyFromUtf8(Integer.toString(to)));
    }
    return response.build();
  }

  private static int offset(ByteString token) {
    if (token.isEmpty()) {
      return 0;
    }
    try {
      int offset = Integer.parseInt(token.toString(StandardCharsets.UTF_8));
      if (offset >= 0) {
        return offset;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw new InvalidArgumentException("next_page_token", "is not a token this server gave out");
  }
}
