package dev.conduit.it.multicluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.Durations;
import com.google.protobuf.util.JsonFormat;
import dev.conduit.deploy.admin.AdminCallException;
import dev.conduit.deploy.admin.AdminClient;
import dev.conduit.deploy.admin.AdminCommand;
import dev.conduit.it.support.ClusterGroup;
import dev.conduit.proto.admin.v1.ClusterInfo;
import dev.conduit.proto.admin.v1.DescribeNamespaceResponse;
import dev.conduit.proto.admin.v1.FailoverNamespaceResponse;
import dev.conduit.proto.admin.v1.NamespaceReplicationStatus;
import io.grpc.Status;
import io.temporal.api.replication.v1.ClusterReplicationConfig;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Conduit's admin service on the frontends of two clusters (separate processes on real Cassandra, Kafka and Consul),
 * driven through the client code of {@code conduit admin}: the clusters each knows, a global namespace's replication
 * state on both, a forced failover and failback with their version arithmetic and history, replication progress in
 * both directions, and clear refusals.
 */
class AdminApiIT {
  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static ClusterGroup group;
  private static WorkflowServiceStubs activeStubs;
  private static AdminClient active;
  private static AdminClient standby;

  @BeforeAll
  static void startClusters() {
    group = ClusterGroup.start("active", "standby");
    activeStubs = group.cluster("active").newStubs();
    active = AdminClient.connect(group.cluster("active").frontendTarget());
    standby = AdminClient.connect(group.cluster("standby").frontendTarget());
  }

  @AfterAll
  static void stopClusters() {
    for (AdminClient client : new AdminClient[] {active, standby}) {
      if (client != null) {
        client.close();
      }
    }
    if (activeStubs != null) {
      activeStubs.shutdownNow();
    }
    if (group != null) {
      group.close();
    }
  }

  @Test
  void eachClusterListsItselfFirstAndDescribesTheOther() {
    List<ClusterInfo> fromActive = active.listClusters().getClustersList();
    List<ClusterInfo> fromStandby = standby.listClusters().getClustersList();

    assertThat(fromActive).extracting(ClusterInfo::getName).containsExactly("active", "standby");
    assertThat(fromStandby).extracting(ClusterInfo::getName).containsExactly("standby", "active");
    assertThat(fromActive.get(0).getIsCurrent()).isTrue();
    assertThat(fromActive.get(0).getIsMaster()).isTrue();
    assertThat(fromStandby.get(0).getIsMaster()).isFalse();
    assertThat(fromActive.get(1).getAddress()).isEqualTo(group.cluster("standby").frontendTarget());
    assertThat(fromStandby.get(1).getAddress()).isEqualTo(group.cluster("active").frontendTarget());

    ClusterInfo standbyFromActive = active.describeCluster("standby").getCluster();
    assertThat(standbyFromActive.getInitialFailoverVersion()).isEqualTo(2);
    assertThat(standbyFromActive.getFailoverVersionIncrement()).isEqualTo(10);
    assertThat(standby.describeCluster("").getCluster().getClusterId()).isNotEmpty()
        .isNotEqualTo(active.describeCluster("").getCluster().getClusterId());
    assertThat(active.describeCluster("").getRedirectionPolicy()).isEqualTo("selected-apis-forwarding");

    AdminCallException unknown = catchThrowableOfType(() -> active.describeCluster("nowhere"), AdminCallException.class);
    assertThat(unknown.code()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(unknown).hasMessageContaining("nowhere");
  }

  @Test
  void aGlobalNamespaceFailsOverAndBackThroughTheAdminServiceOfEitherCluster() {
    String name = register();
    DescribeNamespaceResponse onActive = active.describeNamespace(name);
    DescribeNamespaceResponse onStandby = awaitOn(standby, name, d -> true);
    assertThat(onStandby.getId()).isEqualTo(onActive.getId());
    assertThat(onStandby.getReplication().getIsGlobal()).isTrue();
    assertThat(onStandby.getReplication().getClustersList()).containsExactly("active", "standby");
    assertThat(onStandby.getReplication().getActiveCluster()).isEqualTo("active");
    assertThat(onStandby.getReplication().getActiveHere()).isFalse();
    assertThat(onStandby.getReplication().getFailoverVersion()).isEqualTo(1);

    FailoverNamespaceResponse failover = active.failover(name, "standby");
    assertThat(failover.getPreviousActiveCluster()).isEqualTo("active");
    assertThat(failover.getPreviousFailoverVersion()).isEqualTo(1);
    assertThat(failover.getNamespace().getReplication().getFailoverVersion()).isEqualTo(2);
    DescribeNamespaceResponse moved = awaitOn(standby, name, d -> d.getReplication().getFailoverVersion() == 2);
    assertThat(moved.getReplication().getActiveCluster()).isEqualTo("standby");
    assertThat(moved.getReplication().getActiveHere()).isTrue();
    assertThat(moved.getReplication().getFailoverHistoryList()).last()
        .satisfies(record -> assertThat(record.getCluster()).isEqualTo("standby"));

    // failback sent to the other cluster: a failover is accepted on any cluster of the namespace
    assertThat(standby.failover(name, "active").getNamespace().getReplication().getFailoverVersion()).isEqualTo(11);
    DescribeNamespaceResponse back = awaitOn(active, name, d -> d.getReplication().getFailoverVersion() == 11);
    assertThat(back.getReplication().getActiveCluster()).isEqualTo("active");
    assertThat(back.getReplication().getFailoverHistoryList()).extracting(r -> r.getFailoverVersion()).containsSubsequence(2L, 11L);
  }

  @Test
  void replicationStatusShowsWhatEachClusterPublishedAndApplied() {
    String name = register();
    awaitOn(standby, name, d -> true);
    long sent = active.describeNamespace(name).getNotificationVersion();

    NamespaceReplicationStatus toStandby = await().atMost(CONVERGE).until(
        () -> active.replicationStatus().getRemoteClusters(0).getNamespaces(),
        s -> s.getLastPublishedNotificationVersion() >= sent);
    assertThat(active.replicationStatus().getRemoteClusters(0).getCluster()).isEqualTo("standby");
    assertThat(toStandby.hasLastPublishedTime()).isTrue();

    NamespaceReplicationStatus fromActive = await().atMost(CONVERGE).until(
        () -> standby.replicationStatus().getRemoteClusters(0).getNamespaces(),
        s -> s.getLastAppliedNotificationVersion() >= sent);
    assertThat(standby.replicationStatus().getRemoteClusters(0).getCluster()).isEqualTo("active");
    assertThat(fromActive.hasLastAppliedTime()).isTrue();
    assertThat(fromActive.getLastAppliedNamespace()).isNotEmpty();
  }

  @Test
  void theCommandPrintsTablesAndJsonOfTheSameAnswer() throws Exception {
    String name = register();
    String table = command(List.of("namespaces", "describe", name), Map.of());
    assertThat(table).contains(name).contains("active cluster").contains("failover version").contains("active, standby");

    String json = command(List.of("namespaces", "describe", name), Map.of("output", "json"));
    DescribeNamespaceResponse.Builder parsed = DescribeNamespaceResponse.newBuilder();
    JsonFormat.parser().merge(json, parsed);
    assertThat(parsed.build()).isEqualTo(active.describeNamespace(name));

    assertThat(command(List.of("clusters", "list"), Map.of())).contains("NAME").contains("standby");
    assertThat(command(List.of("replication", "status"), Map.of())).contains("published to").contains("applied from");
  }

  @Test
  void badFailoversAreRefusedWithClearMessagesAndChangeNothing() {
    String name = register();
    DescribeNamespaceResponse before = active.describeNamespace(name);

    AdminCallException unknownCluster = catchThrowableOfType(() -> active.failover(name, "nowhere"), AdminCallException.class);
    assertThat(unknownCluster.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(unknownCluster).hasMessageContaining("nowhere");
    AdminCallException unknownNamespace =
        catchThrowableOfType(() -> active.failover("missing-" + UUID.randomUUID(), "standby"), AdminCallException.class);
    assertThat(unknownNamespace.code()).isEqualTo(Status.Code.NOT_FOUND);

    assertThat(active.describeNamespace(name)).isEqualTo(before);
  }

  private static String command(List<String> words, Map<String, String> options) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit = AdminCommand.run(words, options, group.cluster("active").frontendTarget(),
        new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(exit).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String register() {
    String name = "admin-" + UUID.randomUUID();
    activeStubs.blockingStub().registerNamespace(RegisterNamespaceRequest.newBuilder()
        .setNamespace(name)
        .setIsGlobalNamespace(true)
        .addClusters(ClusterReplicationConfig.newBuilder().setClusterName("active"))
        .addClusters(ClusterReplicationConfig.newBuilder().setClusterName("standby"))
        .setActiveClusterName("active")
        .setWorkflowExecutionRetentionPeriod(Durations.fromDays(1))
        .build());
    return name;
  }

  private static DescribeNamespaceResponse awaitOn(AdminClient on, String name, Predicate<DescribeNamespaceResponse> condition) {
    return await().atMost(CONVERGE).pollInterval(Duration.ofMillis(50)).until(() -> {
      try {
        return Optional.of(on.describeNamespace(name)).filter(condition);
      } catch (AdminCallException e) {
        if (e.code() == Status.Code.NOT_FOUND) {
          return Optional.<DescribeNamespaceResponse>empty();
        }
        throw e;
      }
    }, Optional::isPresent).orElseThrow();
  }
}
