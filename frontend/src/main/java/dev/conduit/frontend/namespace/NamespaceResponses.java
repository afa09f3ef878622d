package dev.conduit.frontend.namespace;

import dev.conduit.frontend.ServerCapabilities;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import io.temporal.api.enums.v1.ArchivalState;
import io.temporal.api.enums.v1.NamespaceState;
import io.temporal.api.enums.v1.ReplicationState;
import io.temporal.api.namespace.v1.NamespaceConfig;
import io.temporal.api.namespace.v1.NamespaceInfo;
import io.temporal.api.replication.v1.ClusterReplicationConfig;
import io.temporal.api.replication.v1.FailoverStatus;
import io.temporal.api.replication.v1.NamespaceReplicationConfig;
import io.temporal.api.workflowservice.v1.DescribeNamespaceResponse;
import io.temporal.api.workflowservice.v1.UpdateNamespaceResponse;

/** Turns a stored {@link NamespaceDetail} into the public namespace messages of the API. */
public final class NamespaceResponses {
  private NamespaceResponses() {}

  public static DescribeNamespaceResponse describe(NamespaceDetail detail) {
    DescribeNamespaceResponse.Builder response = DescribeNamespaceResponse.newBuilder()
        .setNamespaceInfo(info(detail))
        .setConfig(config(detail))
        .setReplicationConfig(replication(detail))
        .setFailoverVersion(detail.getFailoverVersion())
        .setIsGlobalNamespace(detail.getIsGlobal());
    for (NamespaceDetail.FailoverRecord failover : detail.getReplication().getFailoverHistoryList()) {
      response.addFailoverHistory(FailoverStatus.newBuilder()
          .setFailoverTime(failover.getFailoverTime())
          .setFailoverVersion(failover.getFailoverVersion()));
    }
    return response.build();
  }

  public static UpdateNamespaceResponse update(NamespaceDetail detail) {
    return UpdateNamespaceResponse.newBuilder()
        .setNamespaceInfo(info(detail))
        .setConfig(config(detail))
        .setReplicationConfig(replication(detail))
        .setFailoverVersion(detail.getFailoverVersion())
        .setIsGlobalNamespace(detail.getIsGlobal())
        .build();
  }

  static NamespaceInfo info(NamespaceDetail detail) {
    NamespaceDetail.Info info = detail.getInfo();
    return NamespaceInfo.newBuilder()
        .setName(info.getName())
        .setId(info.getId())
        .setState(state(info.getState()))
        .setDescription(info.getDescription())
        .setOwnerEmail(info.getOwnerEmail())
        .putAllData(info.getDataMap())
        .setCapabilities(ServerCapabilities.namespace())
        .setSupportsSchedules(false)
        .build();
  }

  static NamespaceConfig config(NamespaceDetail detail) {
    NamespaceDetail.Config config = detail.getConfig();
    return NamespaceConfig.newBuilder()
        .setWorkflowExecutionRetentionTtl(config.getRetention())
        .setHistoryArchivalState(archival(config.getHistoryArchivalState()))
        .setHistoryArchivalUri(config.getHistoryArchivalUri())
        .setVisibilityArchivalState(archival(config.getVisibilityArchivalState()))
        .setVisibilityArchivalUri(config.getVisibilityArchivalUri())
        .build();
  }

  static NamespaceReplicationConfig replication(NamespaceDetail detail) {
    NamespaceReplicationConfig.Builder replication = NamespaceReplicationConfig.newBuilder()
        .setActiveClusterName(detail.getReplication().getActiveClusterName())
        .setState(detail.getReplication().getReplicationState() == NamespaceDetail.ReplicationState.REPLICATION_STATE_HANDOVER
            ? ReplicationState.REPLICATION_STATE_HANDOVER : ReplicationState.REPLICATION_STATE_NORMAL);
    for (String cluster : detail.getReplication().getClustersList()) {
      replication.addClusters(ClusterReplicationConfig.newBuilder().setClusterName(cluster));
    }
    return replication.build();
  }

  public static NamespaceState state(NamespaceDetail.State state) {
    switch (state) {
      case STATE_REGISTERED:
        return NamespaceState.NAMESPACE_STATE_REGISTERED;
      case STATE_DEPRECATED:
        return NamespaceState.NAMESPACE_STATE_DEPRECATED;
      case STATE_DELETED:
        return NamespaceState.NAMESPACE_STATE_DELETED;
      default:
        return NamespaceState.NAMESPACE_STATE_UNSPECIFIED;
    }
  }

  static ArchivalState archival(NamespaceDetail.ArchivalState state) {
    switch (state) {
      case ARCHIVAL_STATE_ENABLED:
        return ArchivalState.ARCHIVAL_STATE_ENABLED;
      case ARCHIVAL_STATE_DISABLED:
        return ArchivalState.ARCHIVAL_STATE_DISABLED;
      default:
        return ArchivalState.ARCHIVAL_STATE_UNSPECIFIED;
    }
  }
}
