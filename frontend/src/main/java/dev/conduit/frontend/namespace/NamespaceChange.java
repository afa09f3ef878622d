package dev.conduit.frontend.namespace;

import dev.conduit.config.cluster.FailoverVersions;
import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.frontend.namespace.ArchivalSettings.Kind;
import dev.conduit.frontend.namespace.ArchivalSettings.Setting;
import dev.conduit.persistence.namespace.VersionedNamespace;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import io.temporal.api.enums.v1.NamespaceState;
import io.temporal.api.enums.v1.ReplicationState;
import io.temporal.api.namespace.v1.NamespaceConfig;
import io.temporal.api.namespace.v1.UpdateNamespaceInfo;
import io.temporal.api.replication.v1.ClusterReplicationConfig;
import io.temporal.api.replication.v1.NamespaceReplicationConfig;
import io.temporal.api.workflowservice.v1.UpdateNamespaceRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Computes a namespace after an UpdateNamespace request, without writing anything: a pure function of
 * the stored namespace, the request, the cluster metadata and the clock.
 *
 * <p>Version rules: a change of description, owner, data, state, retention, archival or clusters bumps
 * {@code config_version}; moving the active cluster of a global namespace (a manual failover) or
 * promoting a local namespace to global moves {@code failover_version} to
 * {@link FailoverVersions#nextVersionFor} the active cluster and records the failover. A failover cannot
 * be combined with other changes, so standbys apply the two kinds of change separately.
 */
public final class NamespaceChange {
  static final int MAX_FAILOVER_HISTORY = 10;

  private final NamespaceValidator validator;
  private final ArchivalSettings archival;
  private final FailoverVersions versions;
  private final Clock clock;

  public NamespaceChange(NamespaceValidator validator, ArchivalSettings archival, FailoverVersions versions, Clock clock) {
    this.validator = validator;
    this.archival = archival;
    this.versions = versions;
    this.clock = clock;
  }

  /** @return the namespace as the request leaves it, or empty if the request changes nothing */
  public Optional<NamespaceDetail> apply(VersionedNamespace current, UpdateNamespaceRequest request) {
    NamespaceDetail old = current.detail();
    if (old.getInfo().getState() == NamespaceDetail.State.STATE_DELETED) {
      throw new InvalidArgumentException("namespace", "namespace " + old.getInfo().getName() + " is deleted");
    }
    rejectUnsupported(request);
    NamespaceDetail.Builder next = old.toBuilder();
    boolean configChanged = request.hasUpdateInfo() && applyInfo(old, request.getUpdateInfo(), next);
    configChanged |= request.hasConfig() && applyConfig(old, request.getConfig(), next);
    boolean activeChanged = false;
    if (request.hasReplicationConfig()) {
      NamespaceReplicationConfig replication = request.getReplicationConfig();
      List<String> clusters = replication.getClustersList().stream().map(ClusterReplicationConfig::getClusterName).toList();
      if (!clusters.isEmpty() && !clusters.equals(old.getReplication().getClustersList())) {
        next.getReplicationBuilder().clearClusters().addAllClusters(clusters);
        configChanged = true;
      }
      String active = replication.getActiveClusterName();
      if (!active.isEmpty() && !active.equals(old.getReplication().getActiveClusterName())) {
        next.getReplicationBuilder().setActiveClusterName(active);
        activeChanged = true;
      }
    }
    boolean promote = request.getPromoteNamespace() && !old.getIsGlobal();
    boolean isGlobal = old.getIsGlobal() || promote;
    if (!configChanged && !activeChanged && !promote) {
      return Optional.empty();
    }
    if (isGlobal) {
      validator.requireGlobalEnabled(promote ? "promote_namespace" : "namespace");
    }
    if (!isGlobal && activeChanged) {
      throw new InvalidArgumentException("replication_config.active_cluster_name", "namespace "
          + old.getInfo().getName() + " is a local namespace: only a global namespace can fail over to another cluster");
    }
    validator.validateReplication(isGlobal, next.getReplication().getActiveClusterName(),
        next.getReplication().getClustersList(), "replication_config.active_cluster_name", "replication_config.clusters");
    if (isGlobal && activeChanged && configChanged) {
      throw new InvalidArgumentException("replication_config.active_cluster_name",
          "a failover cannot be combined with other changes; send them as separate updates");
    }
    if (old.getIsGlobal() && configChanged) {
      // as in Temporal: a failover may start on any cluster of the namespace, a config change only on the master
      validator.requireMasterForUpdate("namespace");
    }
    Instant now = clock.instant();
    next.setIsGlobal(isGlobal).setUpdatedTime(ProtoTime.timestamp(now)).setOriginCluster(validator.currentCluster());
    if (configChanged || promote) {
      next.setConfigVersion(old.getConfigVersion() + 1);
    }
    if (isGlobal && (activeChanged || promote)) {
      long version = versions.nextVersionFor(next.getReplication().getActiveClusterName(), old.getFailoverVersion());
      next.setFailoverVersion(version).setFailoverNotificationVersion(current.storeNotificationVersion());
      // a failover ends a handover: forced, or the switch of a graceful one
      next.getReplicationBuilder().clearReplicationState();
      recordFailover(next.getReplicationBuilder(), version, now);
    }
    return Optional.of(next.build());
  }

  private static boolean applyInfo(NamespaceDetail old, UpdateNamespaceInfo update, NamespaceDetail.Builder next) {
    boolean changed = false;
    if (!update.getDescription().isEmpty() && !update.getDescription().equals(old.getInfo().getDescription())) {
      next.getInfoBuilder().setDescription(update.getDescription());
      changed = true;
    }
    if (!update.getOwnerEmail().isEmpty() && !update.getOwnerEmail().equals(old.getInfo().getOwnerEmail())) {
      next.getInfoBuilder().setOwnerEmail(update.getOwnerEmail());
      changed = true;
    }
    // data is merged key by key, as Temporal does: an update cannot remove a key
    Map<String, String> merged = new HashMap<>(old.getInfo().getDataMap());
    merged.putAll(update.getDataMap());
    if (!merged.equals(old.getInfo().getDataMap())) {
      next.getInfoBuilder().putAllData(update.getDataMap());
      changed = true;
    }
    NamespaceState state = update.getState();
    if (state != NamespaceState.NAMESPACE_STATE_UNSPECIFIED && state != NamespaceResponses.state(old.getInfo().getState())) {
      if (!(old.getInfo().getState() == NamespaceDetail.State.STATE_REGISTERED
          && state == NamespaceState.NAMESPACE_STATE_DEPRECATED)) {
        throw new InvalidArgumentException("update_info.state", "a namespace in state "
            + NamespaceResponses.state(old.getInfo().getState()) + " cannot move to " + state
            + "; only REGISTERED -> DEPRECATED is possible here (deletion is DeleteNamespace)");
      }
      next.getInfoBuilder().setState(NamespaceDetail.State.STATE_DEPRECATED);
      changed = true;
    }
    return changed;
  }

  private boolean applyConfig(NamespaceDetail old, NamespaceConfig update, NamespaceDetail.Builder next) {
    boolean changed = false;
    if (update.hasWorkflowExecutionRetentionTtl()) {
      validator.validateRetention("config.workflow_execution_retention_ttl", update.getWorkflowExecutionRetentionTtl(),
          old.getIsGlobal());
      if (!update.getWorkflowExecutionRetentionTtl().equals(old.getConfig().getRetention())) {
        next.getConfigBuilder().setRetention(update.getWorkflowExecutionRetentionTtl());
        changed = true;
      }
    }
    NamespaceDetail.Config config = old.getConfig();
    Setting history = new Setting(config.getHistoryArchivalState(), config.getHistoryArchivalUri());
    Setting newHistory = archival.forUpdate(Kind.HISTORY, history, update.getHistoryArchivalState(),
        update.getHistoryArchivalUri(), "config.");
    Setting visibility = new Setting(config.getVisibilityArchivalState(), config.getVisibilityArchivalUri());
    Setting newVisibility = archival.forUpdate(Kind.VISIBILITY, visibility, update.getVisibilityArchivalState(),
        update.getVisibilityArchivalUri(), "config.");
    if (!newHistory.equals(history) || !newVisibility.equals(visibility)) {
      next.getConfigBuilder()
          .setHistoryArchivalState(newHistory.state()).setHistoryArchivalUri(newHistory.uri())
          .setVisibilityArchivalState(newVisibility.state()).setVisibilityArchivalUri(newVisibility.uri());
      changed = true;
    }
    return changed;
  }

  private static void rejectUnsupported(UpdateNamespaceRequest request) {
    if (!request.getDeleteBadBinary().isEmpty()) {
      throw new InvalidArgumentException("delete_bad_binary", "bad binaries are not supported");
    }
    if (request.getConfig().getBadBinaries().getBinariesCount() > 0) {
      throw new InvalidArgumentException("config.bad_binaries", "bad binaries are not supported");
    }
    if (request.getConfig().getCustomSearchAttributeAliasesCount() > 0) {
      throw new InvalidArgumentException("config.custom_search_attribute_aliases", "custom search attributes are not supported yet");
    }
    ReplicationState state = request.getReplicationConfig().getState();
    if (state != ReplicationState.REPLICATION_STATE_UNSPECIFIED && state != ReplicationState.REPLICATION_STATE_NORMAL) {
      throw new InvalidArgumentException("replication_config.state", "graceful failover (" + state + ") is not supported");
    }
  }

  private static void recordFailover(NamespaceDetail.Replication.Builder replication, long version, Instant now) {
    int size = replication.getFailoverHistoryCount();
    if (size > 0 && replication.getFailoverHistory(size - 1).getFailoverVersion() == version) {
      return;
    }
    replication.addFailoverHistory(NamespaceDetail.FailoverRecord.newBuilder()
        .setFailoverTime(ProtoTime.timestamp(now)).setFailoverVersion(version));
    while (replication.getFailoverHistoryCount() > MAX_FAILOVER_HISTORY) {
      replication.removeFailoverHistory(0);
    }
  }
}
