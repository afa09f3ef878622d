package dev.conduit.frontend.api;

import dev.conduit.config.HostPort;
import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.cluster.ClusterDirectory;
import dev.conduit.frontend.cluster.ClusterInfoFetcher;
import dev.conduit.frontend.cluster.RemoteClusterChecks;
import dev.conduit.frontend.errors.FailedPreconditionException;
import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.persistence.cluster.RemoteClusterRecord;
import dev.conduit.persistence.cluster.RemoteClusterStore;
import io.temporal.api.operatorservice.v1.AddOrUpdateRemoteClusterRequest;
import io.temporal.api.operatorservice.v1.AddOrUpdateRemoteClusterResponse;
import io.temporal.api.workflowservice.v1.GetClusterInfoResponse;
import java.time.Clock;

/**
 * {@code OperatorService.AddOrUpdateRemoteCluster}: asks the frontend at {@code frontend_address} for its
 * {@code GetClusterInfo}, checks that it may join this cluster's group ({@link RemoteClusterChecks}), and stores
 * its id, name, address, initial failover version and shard count under its name, replacing an earlier record
 * of the same cluster. An unreachable address, this cluster itself or a conflicting failover version is
 * {@code INVALID_ARGUMENT} and stores nothing.
 */
public final class AddOrUpdateRemoteCluster
    implements Operation<AddOrUpdateRemoteClusterRequest, AddOrUpdateRemoteClusterResponse> {
  private final ClusterDirectory clusters;
  private final ClusterInfoFetcher fetcher;
  private final RemoteClusterChecks checks;
  private final Clock clock;

  public AddOrUpdateRemoteCluster(FrontendContext context) {
    this.clusters = context.clusters();
    this.fetcher = context.clusterInfoFetcher();
    this.checks = new RemoteClusterChecks(context.clusters(), context.settings().numHistoryShards());
    this.clock = context.clock();
  }

  @Override
  public AddOrUpdateRemoteClusterResponse handle(AddOrUpdateRemoteClusterRequest request) {
    String address = request.getFrontendAddress().strip();
    if (address.isEmpty()) {
      throw new InvalidArgumentException("frontend_address", "is required");
    }
    try {
      HostPort.parse(address);
    } catch (RuntimeException e) {
      throw new InvalidArgumentException("frontend_address", "'" + address + "' is not a host:port address");
    }
    if (request.getEnableReplication()) {
      // namespace replication reaches the clusters of kafka.temporal-cluster-topics only
      throw new InvalidArgumentException("enable_replication", "replication to a cluster added at runtime is not"
          + " supported; list it in clusterMetadata.clusterInformation and kafka.temporal-cluster-topics");
    }
    RemoteClusterStore store = clusters.store()
        .orElseThrow(() -> new FailedPreconditionException("this frontend keeps no remote clusters"));
    GetClusterInfoResponse remote = fetcher.fetch(address);
    checks.check(address, remote);
    long expected = store.get(remote.getClusterName()).map(RemoteClusterRecord::version).orElse(0L);
    store.save(new RemoteClusterRecord(remote.getClusterName(), remote.getClusterId(), address,
        remote.getInitialFailoverVersion(), remote.getFailoverVersionIncrement(), remote.getHistoryShardCount(),
        request.getEnableRemoteClusterConnection(), clock.instant(), expected), expected);
    clusters.invalidate();
    return AddOrUpdateRemoteClusterResponse.getDefaultInstance();
  }
}
