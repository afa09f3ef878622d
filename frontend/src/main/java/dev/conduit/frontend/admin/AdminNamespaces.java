package dev.conduit.frontend.admin;

import dev.conduit.config.cluster.FailoverVersions;
import dev.conduit.config.dynamic.DynamicKeys;
import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.api.UpdateNamespace;
import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.persistence.namespace.NamespaceNotFoundException;
import dev.conduit.persistence.namespace.VersionedNamespace;
import dev.conduit.persistence.replication.ReplicationProgressStore;
import dev.conduit.proto.admin.v1.DescribeNamespaceRequest;
import dev.conduit.proto.admin.v1.DescribeNamespaceResponse;
import dev.conduit.proto.admin.v1.FailoverNamespaceRequest;
import dev.conduit.proto.admin.v1.FailoverNamespaceResponse;
import dev.conduit.proto.admin.v1.FailoverRecord;
import dev.conduit.proto.admin.v1.NamespaceReplicationState;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import io.temporal.api.replication.v1.NamespaceReplicationConfig;
import io.temporal.api.workflowservice.v1.UpdateNamespaceRequest;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code AdminService.DescribeNamespace} and {@code FailoverNamespace} (forced, or graceful through
 * {@link GracefulFailover}). Describe reads the store, not the cache, so
 * an operator sees a replicated change as soon as it is applied; a failover is Temporal's forced failover
 * ({@code UpdateNamespace} with only the active cluster), so it is checked, versioned and replicated exactly as the
 * official CLI's {@code namespace update --active-cluster}.
 */
final class AdminNamespaces {
  private static final Duration HANDOVER_POLL = Duration.ofMillis(200);

  private final FrontendContext context;
  private final UpdateNamespace updateNamespace;
  private final GracefulFailover graceful;

  AdminNamespaces(FrontendContext context, Optional<ReplicationProgressStore> progress) {
    this.context = context;
    this.updateNamespace = new UpdateNamespace(context);
    this.graceful = new GracefulFailover(context.namespaceStore(), context.namespaceRegistry(), context.currentCluster(),
        new ClusterReplicationView(context, progress), this::forced, context.clock(), duration -> Thread.sleep(duration.toMillis()),
        () -> context.dynamicConfig().get(DynamicKeys.NAMESPACE_CACHE_REFRESH_INTERVAL), HANDOVER_POLL);
  }

  DescribeNamespaceResponse describe(DescribeNamespaceRequest request) {
    return view(load(request.getName()).detail());
  }

  FailoverNamespaceResponse failover(FailoverNamespaceRequest request) {
    if (request.getTargetCluster().isEmpty()) {
      throw new InvalidArgumentException("target_cluster", "names no cluster; say which cluster to fail over to");
    }
    NamespaceDetail before = load(request.getName()).detail();
    FailoverNamespaceResponse.Builder response = FailoverNamespaceResponse.newBuilder()
        .setPreviousActiveCluster(before.getReplication().getActiveClusterName())
        .setPreviousFailoverVersion(before.getFailoverVersion())
        .setGraceful(request.getGraceful());
    if (request.getGraceful()) {
      Duration timeout = request.hasHandoverTimeout()
          ? Duration.ofSeconds(request.getHandoverTimeout().getSeconds(), request.getHandoverTimeout().getNanos())
          : GracefulFailover.DEFAULT_TIMEOUT;
      Duration handover = graceful.run(request.getName(), request.getTargetCluster(), timeout);
      response.setHandoverDuration(com.google.protobuf.Duration.newBuilder()
          .setSeconds(handover.getSeconds()).setNanos(handover.getNano()));
    } else {
      forced(request.getName(), request.getTargetCluster());
    }
    return response.setNamespace(view(load(request.getName()).detail())).build();
  }

  /** Temporal's forced failover: UpdateNamespace with only the active cluster (it also ends a HANDOVER). */
  private void forced(String namespace, String target) {
    updateNamespace.handle(UpdateNamespaceRequest.newBuilder()
        .setNamespace(namespace)
        .setReplicationConfig(NamespaceReplicationConfig.newBuilder().setActiveClusterName(target))
        .build());
  }

  private VersionedNamespace load(String name) {
    if (name.isEmpty()) {
      throw new InvalidArgumentException("name", "is empty; say which namespace");
    }
    return context.namespaceStore().getByName(name).orElseThrow(() -> new NamespaceNotFoundException(name));
  }

  private DescribeNamespaceResponse view(NamespaceDetail detail) {
    String current = context.currentCluster();
    NamespaceDetail.Replication replication = detail.getReplication();
    String active = replication.getActiveClusterName().isEmpty() ? current : replication.getActiveClusterName();
    NamespaceReplicationState.Builder state = NamespaceReplicationState.newBuilder()
        .setIsGlobal(detail.getIsGlobal())
        .setActiveCluster(active)
        .addAllClusters(replication.getClustersList().isEmpty() ? java.util.List.of(current) : replication.getClustersList())
        .setFailoverVersion(detail.getFailoverVersion())
        .setFailoverNotificationVersion(detail.getFailoverNotificationVersion())
        .setOriginCluster(detail.getOriginCluster())
        .setActiveHere(active.equals(current))
        .setReplicationState(replication.getReplicationState() == NamespaceDetail.ReplicationState.REPLICATION_STATE_HANDOVER
            ? "handover" : "normal");
    for (NamespaceDetail.FailoverRecord record : replication.getFailoverHistoryList()) {
      state.addFailoverHistory(FailoverRecord.newBuilder()
          .setFailoverTime(record.getFailoverTime())
          .setFailoverVersion(record.getFailoverVersion())
          .setCluster(ownerOf(record.getFailoverVersion())));
    }
    DescribeNamespaceResponse.Builder response = DescribeNamespaceResponse.newBuilder()
        .setId(detail.getInfo().getId())
        .setName(detail.getInfo().getName())
        .setState(detail.getInfo().getState().name().replace("STATE_", "").toLowerCase(java.util.Locale.ROOT))
        .setDescription(detail.getInfo().getDescription())
        .setOwnerEmail(detail.getInfo().getOwnerEmail())
        .setRetentionSeconds(detail.getConfig().getRetention().getSeconds())
        .setConfigVersion(detail.getConfigVersion())
        .setNotificationVersion(detail.getNotificationVersion())
        .setReplication(state)
        .setCluster(current);
    if (detail.hasUpdatedTime()) {
      response.setUpdatedTime(detail.getUpdatedTime());
    }
    return response.build();
  }

  /** The owner of a version in the history; a version of a cluster since removed from the config shows as unknown. */
  private String ownerOf(long version) {
    FailoverVersions versions = context.failoverVersions();
    try {
      return versions.clusterOf(version);
    } catch (IllegalArgumentException e) {
      return "(unknown)";
    }
  }
}
