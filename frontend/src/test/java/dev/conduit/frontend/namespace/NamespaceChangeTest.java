package dev.conduit.frontend.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Duration;
import dev.conduit.config.archival.ArchivalConfig;
import dev.conduit.config.archival.NamespaceDefaultsConfig;
import dev.conduit.config.cluster.ClusterMetadataConfig;
import dev.conduit.frontend.TestClusters;
import dev.conduit.frontend.TestClusters.MutableClock;
import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.persistence.namespace.VersionedNamespace;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import io.temporal.api.enums.v1.NamespaceState;
import io.temporal.api.namespace.v1.NamespaceConfig;
import io.temporal.api.namespace.v1.UpdateNamespaceInfo;
import io.temporal.api.replication.v1.ClusterReplicationConfig;
import io.temporal.api.replication.v1.NamespaceReplicationConfig;
import io.temporal.api.workflowservice.v1.UpdateNamespaceRequest;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NamespaceChangeTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final ClusterMetadataConfig metadata = TestClusters.metadata(TestClusters.ACTIVE);
  private final NamespaceChange change = new NamespaceChange(new NamespaceValidator(metadata),
      new ArchivalSettings(ArchivalConfig.disabled(), NamespaceDefaultsConfig.disabled()), metadata.failoverVersions(), clock);

  @Test
  void failoverMovesVersionToTheTargetClusterByTheIncrement() {
    VersionedNamespace ns = global(1, 7);

    NamespaceDetail toStandby = change.apply(ns, failover("standby")).orElseThrow();
    assertThat(toStandby.getFailoverVersion()).isEqualTo(2);
    assertThat(toStandby.getReplication().getActiveClusterName()).isEqualTo("standby");
    assertThat(toStandby.getFailoverNotificationVersion()).isEqualTo(7);
    assertThat(toStandby.getConfigVersion()).isEqualTo(ns.detail().getConfigVersion());

    NamespaceDetail back = change.apply(new VersionedNamespace(toStandby, 8), failover("active")).orElseThrow();
    assertThat(back.getFailoverVersion()).isEqualTo(11);
    NamespaceDetail again = change.apply(new VersionedNamespace(back, 9), failover("standby")).orElseThrow();
    assertThat(again.getFailoverVersion()).isEqualTo(12);
    assertThat(again.getReplication().getFailoverHistoryList())
        .extracting(NamespaceDetail.FailoverRecord::getFailoverVersion).containsExactly(2L, 11L, 12L);
  }

  @Test
  void failoverToTheActiveClusterChangesNothing() {
    assertThat(change.apply(global(1, 3), failover("active"))).isEmpty();
  }

  @Test
  void failoverHistoryKeepsTheLastTen() {
    VersionedNamespace ns = global(1, 0);
    for (int i = 0; i < 12; i++) {
      NamespaceDetail next = change.apply(ns, failover(i % 2 == 0 ? "standby" : "active")).orElseThrow();
      ns = new VersionedNamespace(next, ns.storeNotificationVersion() + 1);
    }
    assertThat(ns.detail().getReplication().getFailoverHistoryCount()).isEqualTo(NamespaceChange.MAX_FAILOVER_HISTORY);
    assertThat(ns.detail().getFailoverVersion()).isEqualTo(61);
  }

  @Test
  void failoverCannotBeCombinedWithOtherChanges() {
    UpdateNamespaceRequest request = failover("standby").toBuilder()
        .setUpdateInfo(UpdateNamespaceInfo.newBuilder().setDescription("new")).build();
    assertThatThrownBy(() -> change.apply(global(1, 0), request))
        .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("replication_config.active_cluster_name: ");
  }

  @Test
  void configOfAGlobalNamespaceChangesOnlyOnTheMasterButAFailoverAnywhere() {
    ClusterMetadataConfig standby = TestClusters.metadata("standby");
    NamespaceChange onStandby = new NamespaceChange(new NamespaceValidator(standby),
        new ArchivalSettings(ArchivalConfig.disabled(), NamespaceDefaultsConfig.disabled()), standby.failoverVersions(), clock);
    UpdateNamespaceRequest describe = UpdateNamespaceRequest.newBuilder().setNamespace("orders")
        .setUpdateInfo(UpdateNamespaceInfo.newBuilder().setDescription("new")).build();

    assertThatThrownBy(() -> onStandby.apply(global(1, 0), describe))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("is not the master cluster");
    NamespaceDetail failedOver = onStandby.apply(global(1, 0), failover("standby")).orElseThrow();
    assertThat(failedOver.getFailoverVersion()).isEqualTo(2);
    assertThat(failedOver.getOriginCluster()).as("published by the cluster that made it").isEqualTo("standby");
  }

  @Test
  void localNamespaceCannotFailOver() {
    assertThatThrownBy(() -> change.apply(local(), failover("standby")))
        .hasMessageContaining("local namespace");
  }

  @Test
  void activeClusterMustBeOneOfTheClusters() {
    UpdateNamespaceRequest request = UpdateNamespaceRequest.newBuilder().setNamespace("ns")
        .setReplicationConfig(NamespaceReplicationConfig.newBuilder()
            .addClusters(ClusterReplicationConfig.newBuilder().setClusterName("standby"))).build();
    assertThatThrownBy(() -> change.apply(global(1, 0), request))
        .hasMessageContaining("is not one of the namespace's clusters");
  }

  @Test
  void infoAndRetentionChangesBumpConfigVersionAndMergeData() {
    UpdateNamespaceRequest request = UpdateNamespaceRequest.newBuilder().setNamespace("ns")
        .setUpdateInfo(UpdateNamespaceInfo.newBuilder().setDescription("d2").putData("k2", "v2"))
        .setConfig(NamespaceConfig.newBuilder().setWorkflowExecutionRetentionTtl(days(7)))
        .build();
    clock.advance(java.time.Duration.ofMinutes(5));
    NamespaceDetail next = change.apply(local(), request).orElseThrow();
    assertThat(next.getConfigVersion()).isEqualTo(1);
    assertThat(next.getInfo().getDescription()).isEqualTo("d2");
    assertThat(next.getInfo().getDataMap()).containsEntry("k1", "v1").containsEntry("k2", "v2");
    assertThat(next.getConfig().getRetention()).isEqualTo(days(7));
    assertThat(next.getFailoverVersion()).isZero();
    assertThat(next.getUpdatedTime().getSeconds()).isEqualTo(clock.instant().getEpochSecond());
  }

  @Test
  void badRetentionIsRefused() {
    UpdateNamespaceRequest request = UpdateNamespaceRequest.newBuilder().setNamespace("ns")
        .setConfig(NamespaceConfig.newBuilder().setWorkflowExecutionRetentionTtl(Duration.newBuilder().setSeconds(3600))).build();
    assertThatThrownBy(() -> change.apply(local(), request))
        .hasMessageStartingWith("config.workflow_execution_retention_ttl: ");
  }

  @Test
  void unchangedValuesAreNoChange() {
    UpdateNamespaceRequest request = UpdateNamespaceRequest.newBuilder().setNamespace("ns")
        .setUpdateInfo(UpdateNamespaceInfo.newBuilder().setDescription("d").putData("k1", "v1"))
        .setConfig(NamespaceConfig.newBuilder().setWorkflowExecutionRetentionTtl(days(3))).build();
    assertThat(change.apply(local(), request)).isEqualTo(Optional.empty());
  }

  @Test
  void promotionMakesALocalNamespaceGlobalAtItsClustersInitialVersion() {
    NamespaceDetail promoted = change.apply(local(),
        UpdateNamespaceRequest.newBuilder().setNamespace("ns").setPromoteNamespace(true).build()).orElseThrow();
    assertThat(promoted.getIsGlobal()).isTrue();
    assertThat(promoted.getFailoverVersion()).isEqualTo(1);
    assertThat(promoted.getConfigVersion()).isEqualTo(1);
  }

  @Test
  void onlyRegisteredToDeprecatedStateChangeIsAllowed() {
    UpdateNamespaceRequest deprecate = UpdateNamespaceRequest.newBuilder().setNamespace("ns")
        .setUpdateInfo(UpdateNamespaceInfo.newBuilder().setState(NamespaceState.NAMESPACE_STATE_DEPRECATED)).build();
    NamespaceDetail deprecated = change.apply(local(), deprecate).orElseThrow();
    assertThat(deprecated.getInfo().getState()).isEqualTo(NamespaceDetail.State.STATE_DEPRECATED);
    UpdateNamespaceRequest delete = UpdateNamespaceRequest.newBuilder().setNamespace("ns")
        .setUpdateInfo(UpdateNamespaceInfo.newBuilder().setState(NamespaceState.NAMESPACE_STATE_DELETED)).build();
    assertThatThrownBy(() -> change.apply(local(), delete)).hasMessageStartingWith("update_info.state: ");
  }

  private static UpdateNamespaceRequest failover(String target) {
    return UpdateNamespaceRequest.newBuilder().setNamespace("ns")
        .setReplicationConfig(NamespaceReplicationConfig.newBuilder().setActiveClusterName(target)).build();
  }

  private static VersionedNamespace global(long failoverVersion, long storeVersion) {
    NamespaceDetail.Builder detail = base().setIsGlobal(true).setFailoverVersion(failoverVersion);
    detail.getReplicationBuilder().clearClusters().addClusters("active").addClusters("standby");
    return new VersionedNamespace(detail.build(), storeVersion);
  }

  private static VersionedNamespace local() {
    return new VersionedNamespace(base().build(), 0);
  }

  private static NamespaceDetail.Builder base() {
    NamespaceDetail.Builder detail = NamespaceDetail.newBuilder();
    detail.getInfoBuilder().setId("7d9f0c4e-0000-4000-8000-000000000001").setName("ns")
        .setState(NamespaceDetail.State.STATE_REGISTERED).setDescription("d").putData("k1", "v1");
    detail.getConfigBuilder().setRetention(days(3));
    detail.getReplicationBuilder().setActiveClusterName("active").addClusters("active");
    return detail;
  }

  private static Duration days(long days) {
    return Duration.newBuilder().setSeconds(days * 86_400).build();
  }
}
