package dev.conduit.frontend.api;

import dev.conduit.config.cluster.FailoverVersions;
import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.frontend.namespace.ArchivalSettings;
import dev.conduit.frontend.namespace.ArchivalSettings.Kind;
import dev.conduit.frontend.namespace.ArchivalSettings.Setting;
import dev.conduit.frontend.namespace.NamespaceValidator;
import dev.conduit.frontend.namespace.ProtoTime;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import io.temporal.api.replication.v1.ClusterReplicationConfig;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceResponse;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a namespace. Everything is validated before the one conditional write that claims the
 * name, so a refused request stores nothing. A global namespace starts at the initial failover version
 * of its active cluster; a local one at {@link FailoverVersions#EMPTY_VERSION}.
 */
public final class RegisterNamespace implements Operation<RegisterNamespaceRequest, RegisterNamespaceResponse> {
  private static final Logger log = LoggerFactory.getLogger(RegisterNamespace.class);

  private final FrontendContext context;
  private final NamespaceValidator validator;
  private final ArchivalSettings archival;

  public RegisterNamespace(FrontendContext context) {
    this.context = context;
    this.validator = new NamespaceValidator(context.clusterMetadata(), context.dynamicConfig());
    this.archival = new ArchivalSettings(context.settings().archival(), context.settings().namespaceDefaults());
  }

  @Override
  public RegisterNamespaceResponse handle(RegisterNamespaceRequest request) {
    NamespaceDetail detail = validated(request);
    NamespaceDetail stored = context.namespaceStore().create(detail);
    context.namespaceRegistry().put(stored);
    log.info("registered namespace {} ({}), global={}, active in {}", stored.getInfo().getName(),
        stored.getInfo().getId(), stored.getIsGlobal(), stored.getReplication().getActiveClusterName());
    return RegisterNamespaceResponse.getDefaultInstance();
  }

  /** The namespace the request describes, or an InvalidArgumentException; writes nothing. */
  NamespaceDetail validated(RegisterNamespaceRequest request) {
    NamespaceValidator.validateName("namespace", request.getNamespace());
    boolean isGlobal = request.getIsGlobalNamespace();
    if (isGlobal) {
      validator.requireGlobalEnabled("is_global_namespace");
      validator.requireMasterCluster("is_global_namespace");
    }
    if (!request.hasWorkflowExecutionRetentionPeriod()) {
      throw new InvalidArgumentException("workflow_execution_retention_period",
          "a retention period is required (at least " + validator.minRetention(isGlobal).toSeconds() + "s)");
    }
    validator.validateRetention("workflow_execution_retention_period", request.getWorkflowExecutionRetentionPeriod(), isGlobal);
    String active = request.getActiveClusterName().isEmpty() ? context.currentCluster() : request.getActiveClusterName();
    List<String> clusters = request.getClustersList().stream().map(ClusterReplicationConfig::getClusterName).toList();
    if (clusters.isEmpty()) {
      clusters = List.of(active);
    }
    validator.validateReplication(isGlobal, active, clusters, "active_cluster_name", "clusters");
    Setting history = archival.forRegister(Kind.HISTORY, request.getHistoryArchivalState(), request.getHistoryArchivalUri(), "");
    Setting visibility =
        archival.forRegister(Kind.VISIBILITY, request.getVisibilityArchivalState(), request.getVisibilityArchivalUri(), "");

    var now = ProtoTime.timestamp(context.clock().instant());
    NamespaceDetail.Builder detail = NamespaceDetail.newBuilder()
        .setIsGlobal(isGlobal)
        .setOriginCluster(context.currentCluster())
        .setConfigVersion(0)
        .setFailoverVersion(isGlobal ? context.failoverVersions().initialVersion(active) : FailoverVersions.EMPTY_VERSION)
        .setCreatedTime(now)
        .setUpdatedTime(now);
    detail.getInfoBuilder()
        .setId(UUID.randomUUID().toString())
        .setName(request.getNamespace())
        .setState(NamespaceDetail.State.STATE_REGISTERED)
        .setDescription(request.getDescription())
        .setOwnerEmail(request.getOwnerEmail())
        .putAllData(request.getDataMap());
    detail.getConfigBuilder()
        .setRetention(request.getWorkflowExecutionRetentionPeriod())
        .setHistoryArchivalState(history.state())
        .setHistoryArchivalUri(history.uri())
        .setVisibilityArchivalState(visibility.state())
        .setVisibilityArchivalUri(visibility.uri());
    detail.getReplicationBuilder().setActiveClusterName(active).addAllClusters(clusters);
    return detail.build();
  }
}
