package dev.conduit.replication.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.Durations;
import dev.conduit.persistence.namespace.NamespaceAlreadyExistsException;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import dev.conduit.proto.replication.v1.NamespaceReplicationTask;
import org.junit.jupiter.api.Test;

class NamespaceTaskApplierTest {
  private static final String ID = "6f1a2b3c-0000-4000-8000-000000000001";

  private final InMemoryNamespaceStore store = new InMemoryNamespaceStore();
  private final NamespaceTaskApplier applier = new NamespaceTaskApplier(store);

  @Test
  void createsAnAbsentNamespaceWithTheSourcesIdAndVersions() {
    assertThat(applier.apply(task(detail(0, 1, "active", "first")))).isEqualTo(NamespaceTaskApplier.Outcome.CREATED);

    NamespaceDetail stored = store.getById(ID).orElseThrow().detail();
    assertThat(stored.getInfo().getName()).isEqualTo("orders");
    assertThat(stored.getReplication().getClustersList()).containsExactly("active", "standby");
    assertThat(stored.getReplication().getActiveClusterName()).isEqualTo("active");
    assertThat(stored.getFailoverVersion()).isEqualTo(1);
    assertThat(stored.getOriginCluster()).as("applied, so not republished from here").isEqualTo("active");
  }

  @Test
  void aRedeliveredTaskChangesNothing() {
    NamespaceReplicationTask task = task(detail(1, 12, "standby", "second"));
    applier.apply(task(detail(0, 1, "active", "first")));
    applier.apply(task);
    int writes = store.writes.get();
    long version = store.notificationVersion();

    assertThat(applier.apply(task)).isEqualTo(NamespaceTaskApplier.Outcome.UNCHANGED);
    assertThat(store.writes.get()).isEqualTo(writes);
    assertThat(store.notificationVersion()).isEqualTo(version);
  }

  @Test
  void anOlderTaskNeverOverwritesANewerOne() {
    applier.apply(task(detail(2, 12, "standby", "newest")));

    assertThat(applier.apply(task(detail(1, 1, "active", "older")))).isEqualTo(NamespaceTaskApplier.Outcome.UNCHANGED);
    NamespaceDetail stored = store.getById(ID).orElseThrow().detail();
    assertThat(stored.getInfo().getDescription()).isEqualTo("newest");
    assertThat(stored.getReplication().getActiveClusterName()).isEqualTo("standby");
    assertThat(stored.getFailoverVersion()).isEqualTo(12);
  }

  @Test
  void configAndFailoverMoveIndependently() {
    applier.apply(task(detail(0, 1, "active", "first")));

    // a newer config with an older failover version: only the config moves
    applier.apply(task(detail(1, 1, "active", "described")));
    // a failover decided on standby, which had not seen the config change: only the active cluster moves
    assertThat(applier.apply(task(detail(0, 12, "standby", "first")))).isEqualTo(NamespaceTaskApplier.Outcome.UPDATED);

    NamespaceDetail stored = store.getById(ID).orElseThrow().detail();
    assertThat(stored.getInfo().getDescription()).isEqualTo("described");
    assertThat(stored.getConfigVersion()).isEqualTo(1);
    assertThat(stored.getReplication().getActiveClusterName()).isEqualTo("standby");
    assertThat(stored.getFailoverVersion()).isEqualTo(12);
    assertThat(stored.getReplication().getFailoverHistoryList()).extracting(NamespaceDetail.FailoverRecord::getFailoverVersion)
        .containsExactly(12L);
  }

  @Test
  void registeredSearchAttributesArriveWithTheConfigAndGoWithIt() {
    applier.apply(task(detail(0, 1, "active", "first").toBuilder().putCustomSearchAttributes("OrderId", 2).build()));
    assertThat(store.getById(ID).orElseThrow().detail().getCustomSearchAttributesMap()).containsOnlyKeys("OrderId");
    applier.apply(task(detail(1, 1, "active", "first").toBuilder().putCustomSearchAttributes("Region", 2).build()));
    assertThat(store.getById(ID).orElseThrow().detail().getCustomSearchAttributesMap()).containsOnlyKeys("Region");
  }

  @Test
  void aNameTakenByAnotherNamespaceIsRefused() {
    NamespaceDetail other = detail(0, 1, "active", "local one").toBuilder()
        .setInfo(detail(0, 1, "active", "x").getInfo().toBuilder().setId("6f1a2b3c-0000-4000-8000-000000000002")).build();
    store.create(other);

    assertThatThrownBy(() -> applier.apply(task(detail(0, 1, "active", "first"))))
        .isInstanceOf(NamespaceAlreadyExistsException.class);
  }

  private static NamespaceReplicationTask task(NamespaceDetail detail) {
    return NamespaceReplicationTask.newBuilder().setSourceCluster(detail.getOriginCluster()).setNamespace(detail).build();
  }

  private static NamespaceDetail detail(long configVersion, long failoverVersion, String active, String description) {
    NamespaceDetail.Builder detail = NamespaceDetail.newBuilder()
        .setIsGlobal(true).setConfigVersion(configVersion).setFailoverVersion(failoverVersion)
        .setOriginCluster(active).setNotificationVersion(40);
    detail.getInfoBuilder().setId(ID).setName("orders").setDescription(description)
        .setState(NamespaceDetail.State.STATE_REGISTERED);
    detail.getConfigBuilder().setRetention(Durations.fromDays(2));
    detail.getReplicationBuilder().setActiveClusterName(active).addClusters("active").addClusters("standby");
    if (failoverVersion > 1) {
      detail.getReplicationBuilder().addFailoverHistoryBuilder().setFailoverVersion(failoverVersion);
    }
    return detail.build();
  }
}
