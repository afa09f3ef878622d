package dev.conduit.frontend.admin;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.cluster.ClusterDirectory;
import dev.conduit.frontend.cluster.KnownCluster;
import dev.conduit.frontend.cluster.RemoteClusterUnreachableException;
import io.temporal.api.workflowservice.v1.GetClusterInfoResponse;
import dev.conduit.frontend.errors.NotFoundException;
import dev.conduit.proto.admin.v1.ClusterInfo;
import dev.conduit.proto.admin.v1.DescribeClusterRequest;
import dev.conduit.proto.admin.v1.DescribeClusterResponse;
import dev.conduit.proto.admin.v1.ListClustersRequest;
import dev.conduit.proto.admin.v1.ListClustersResponse;
import java.util.Locale;

/** {@code AdminService.ListClusters} and {@code DescribeCluster}: the clusters this frontend knows, as operators read them. */
final class AdminClusters {
  private final ClusterDirectory clusters;
  private final FrontendContext context;

  AdminClusters(FrontendContext context) {
    this.context = context;
    this.clusters = context.clusters();
  }

  ListClustersResponse list(ListClustersRequest request) {
    ListClustersResponse.Builder response = ListClustersResponse.newBuilder();
    clusters.all().forEach(cluster -> response.addClusters(info(cluster)));
    return response.build();
  }

  DescribeClusterResponse describe(DescribeClusterRequest request) {
    String name = request.getName().isEmpty() ? clusters.currentClusterName() : request.getName();
    KnownCluster cluster = clusters.get(name).orElseThrow(() -> new NotFoundException(
        "cluster " + name + " is not known to cluster " + clusters.currentClusterName() + "; known: "
            + clusters.all().stream().map(KnownCluster::name).toList()));
    ClusterInfo.Builder info = info(cluster).toBuilder();
    String remoteStatus = "";
    if (cluster.source() != KnownCluster.Source.CURRENT) {
      // a config-only remote's id and shard count are known only to itself: ask it, as an operator would want
      try {
        GetClusterInfoResponse answer = context.clusterInfoFetcher().fetch(cluster.address());
        info.setClusterId(answer.getClusterId()).setHistoryShardCount(answer.getHistoryShardCount());
        remoteStatus = "answered";
      } catch (RemoteClusterUnreachableException e) {
        remoteStatus = "unreachable: " + e.getMessage();
      }
    }
    return DescribeClusterResponse.newBuilder()
        .setCluster(info)
        .setRemoteStatus(remoteStatus)
        .setRedirectionPolicy(context.settings().redirection().policy().configName())
        .setGlobalNamespacesEnabled(clusters.metadata().enableGlobalNamespace())
        .setReplicatesThroughKafka(clusters.metadata().replicatesThroughKafka())
        .build();
  }

  private ClusterInfo info(KnownCluster cluster) {
    return ClusterInfo.newBuilder()
        .setName(cluster.name())
        .setClusterId(cluster.clusterId())
        .setAddress(cluster.address())
        .setInitialFailoverVersion(cluster.initialFailoverVersion())
        .setFailoverVersionIncrement(clusters.metadata().failoverVersionIncrement())
        .setHistoryShardCount(cluster.historyShardCount())
        .setIsCurrent(cluster.source() == KnownCluster.Source.CURRENT)
        .setIsMaster(cluster.name().equals(clusters.metadata().masterClusterName()))
        .setConnectionEnabled(cluster.connectionEnabled())
        .setSource(cluster.source().name().toLowerCase(Locale.ROOT))
        .build();
  }
}
