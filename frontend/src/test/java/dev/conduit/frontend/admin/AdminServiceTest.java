package dev.conduit.frontend.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Durations;
import dev.conduit.config.dynamic.DynamicConfig;
import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.FrontendSettings;
import dev.conduit.frontend.InMemoryNamespaceStore;
import dev.conduit.frontend.TestClusters;
import dev.conduit.frontend.TestClusters.MutableClock;
import dev.conduit.frontend.cluster.ClusterDirectory;
import dev.conduit.frontend.cluster.ClusterInfoFetcher;
import dev.conduit.frontend.cluster.RemoteClusterUnreachableException;
import dev.conduit.frontend.redirection.ForwardingSettings;
import dev.conduit.frontend.redirection.RemoteFrontends;
import dev.conduit.frontend.routing.Routing;
import dev.conduit.persistence.namespace.NamespaceRegistry;
import dev.conduit.persistence.replication.ReplicationProgressStore;
import dev.conduit.proto.admin.v1.AdminServiceGrpc;
import dev.conduit.proto.admin.v1.ClusterInfo;
import dev.conduit.proto.admin.v1.DescribeClusterRequest;
import dev.conduit.proto.admin.v1.DescribeNamespaceRequest;
import dev.conduit.proto.admin.v1.DescribeNamespaceResponse;
import dev.conduit.proto.admin.v1.FailoverNamespaceRequest;
import dev.conduit.proto.admin.v1.FailoverNamespaceResponse;
import dev.conduit.proto.admin.v1.GetReplicationStatusRequest;
import dev.conduit.proto.admin.v1.ListClustersRequest;
import dev.conduit.proto.admin.v1.NamespaceReplicationStatus;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Duration;
import java.time.Instant;
import io.temporal.api.workflowservice.v1.GetClusterInfoResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin service of cluster {@code active} (active 1, standby 2, increment 10) over in-process gRPC. */
class AdminServiceTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  private final InMemoryNamespaceStore namespaces = new InMemoryNamespaceStore();
  private final MutableClock clock = new MutableClock(NOW);
  private final FakeProgress progress = new FakeProgress();
  private final Map<String, GetClusterInfoResponse> remotes = new HashMap<>();
  private Server server;
  private ManagedChannel channel;
  private AdminServiceGrpc.AdminServiceBlockingStub stub;

  @BeforeEach
  void serve() throws Exception {
    var metadata = TestClusters.metadata(TestClusters.ACTIVE);
    ClusterDirectory directory = ClusterDirectory.staticOnly(metadata, 4);
    ClusterInfoFetcher fetcher = address -> {
      GetClusterInfoResponse answer = remotes.get(address);
      if (answer == null) {
        throw new RemoteClusterUnreachableException(address, "UNAVAILABLE: connection refused", null);
      }
      return answer;
    };
    FrontendContext context = new FrontendContext(FrontendSettings.local(0, 4), metadata, metadata.failoverVersions(),
        namespaces, new NamespaceRegistry(namespaces, clock, Duration.ofSeconds(10)), clock, Routing.none(),
        DynamicConfig.defaults(), directory, fetcher, new RemoteFrontends(directory, ForwardingSettings.defaults()));
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).addService(new AdminService(context, Optional.of(progress))).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
    stub = AdminServiceGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void close() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void clustersListThisClusterFirstAndDescribeSaysWhatItKnows() {
    List<ClusterInfo> clusters = stub.listClusters(ListClustersRequest.getDefaultInstance()).getClustersList();

    assertThat(clusters).extracting(ClusterInfo::getName).containsExactly("active", "standby");
    assertThat(clusters.get(0).getIsCurrent()).isTrue();
    assertThat(clusters.get(0).getIsMaster()).isTrue();
    assertThat(clusters.get(1).getAddress()).isEqualTo("127.0.0.1:8233");
    assertThat(clusters.get(1).getInitialFailoverVersion()).isEqualTo(2);
    assertThat(clusters.get(1).getFailoverVersionIncrement()).isEqualTo(10);
    assertThat(clusters.get(1).getSource()).isEqualTo("config");
    assertThat(stub.describeCluster(DescribeClusterRequest.getDefaultInstance()).getCluster().getName()).isEqualTo("active");

    StatusRuntimeException unknown = catchThrowableOfType(
        () -> stub.describeCluster(DescribeClusterRequest.newBuilder().setName("elsewhere").build()), StatusRuntimeException.class);
    assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(unknown.getStatus().getDescription()).contains("elsewhere").contains("[active, standby]");
  }

  @Test
  void describingARemoteAsksItsFrontendWhoItIs() {
    assertThat(stub.describeCluster(DescribeClusterRequest.newBuilder().setName("standby").build()).getRemoteStatus())
        .startsWith("unreachable").contains("127.0.0.1:8233");

    remotes.put("127.0.0.1:8233", GetClusterInfoResponse.newBuilder().setClusterName("standby").setClusterId("id-of-standby")
        .setHistoryShardCount(8).build());
    var described = stub.describeCluster(DescribeClusterRequest.newBuilder().setName("standby").build());

    assertThat(described.getRemoteStatus()).isEqualTo("answered");
    assertThat(described.getCluster().getClusterId()).isEqualTo("id-of-standby");
    assertThat(described.getCluster().getHistoryShardCount()).isEqualTo(8);
    assertThat(stub.describeCluster(DescribeClusterRequest.getDefaultInstance()).getRemoteStatus()).isEmpty();
  }

  @Test
  void aFailoverMovesTheVersionToTheTargetAndDescribeShowsTheHistory() {
    String name = global();
    DescribeNamespaceResponse before = describe(name);
    assertThat(before.getReplication().getActiveCluster()).isEqualTo("active");
    assertThat(before.getReplication().getActiveHere()).isTrue();
    assertThat(before.getReplication().getClustersList()).containsExactly("active", "standby");
    assertThat(before.getReplication().getFailoverVersion()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(1));
    FailoverNamespaceResponse failover = stub.failoverNamespace(
        FailoverNamespaceRequest.newBuilder().setName(name).setTargetCluster("standby").build());

    assertThat(failover.getPreviousActiveCluster()).isEqualTo("active");
    assertThat(failover.getPreviousFailoverVersion()).isEqualTo(1);
    DescribeNamespaceResponse after = describe(name);
    assertThat(after).isEqualTo(failover.getNamespace());
    assertThat(after.getReplication().getActiveCluster()).isEqualTo("standby");
    assertThat(after.getReplication().getActiveHere()).isFalse();
    assertThat(after.getReplication().getFailoverVersion()).isEqualTo(2);
    assertThat(after.getReplication().getFailoverHistoryList()).last().satisfies(record -> {
      assertThat(record.getFailoverVersion()).isEqualTo(2);
      assertThat(record.getCluster()).isEqualTo("standby");
    });
  }

  @Test
  void badFailoversAreRefusedWithTheirReasonAndChangeNothing() {
    String name = global();
    String local = "local-" + UUID.randomUUID();
    namespaces.create(detail(local, false));
    DescribeNamespaceResponse before = describe(name);

    assertThat(refusal(name, "nowhere")).satisfies(s -> {
      assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(s.getDescription()).contains("nowhere");
    });
    assertThat(refusal(name, "").getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(refusal(local, "standby")).satisfies(s -> {
      assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(s.getDescription()).contains("local");
    });
    assertThat(refusal("missing", "standby").getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(describe(name)).isEqualTo(before);
  }

  @Test
  void rawHistoryRequestsWithoutARunOrWithBadPointsAreRefusedNamingTheField() {
    var valid = dev.conduit.proto.admin.v1.GetWorkflowExecutionRawHistoryRequest.newBuilder()
        .setNamespace(global()).setWorkflowId("wf").setRunId("run").build();
    Map<String, dev.conduit.proto.admin.v1.GetWorkflowExecutionRawHistoryRequest> bad = Map.of(
        "workflow_id", valid.toBuilder().clearWorkflowId().build(),
        "run_id", valid.toBuilder().clearRunId().build(),
        "namespace", valid.toBuilder().clearNamespace().build(),
        "end_event_id", valid.toBuilder().setStartEventId(5).setEndEventId(5).build(),
        "maximum_page_size", valid.toBuilder().setMaximumPageSize(-1).build());
    bad.forEach((field, request) -> {
      StatusRuntimeException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
          () -> stub.getWorkflowExecutionRawHistory(request), StatusRuntimeException.class);
      assertThat(refused.getStatus().getCode()).as(field).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(refused.getStatus().getDescription()).as(field).contains(field);
    });
    StatusRuntimeException unknown = org.assertj.core.api.Assertions.catchThrowableOfType(
        () -> stub.getWorkflowExecutionRawHistory(valid.toBuilder().setNamespace("missing").build()),
        StatusRuntimeException.class);
    assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void replicationStatusShowsPublishedAndAppliedPerRemoteCluster() {
    progress.published.add(new ReplicationProgressStore.Published("standby", 7, NOW));
    progress.applied.add(new ReplicationProgressStore.Applied("standby", 4, "orders", NOW.plusSeconds(5)));

    var status = stub.getReplicationStatus(GetReplicationStatusRequest.getDefaultInstance());

    assertThat(status.getCluster()).isEqualTo("active");
    assertThat(status.getRemoteClustersList()).singleElement().satisfies(remote -> {
      assertThat(remote.getCluster()).isEqualTo("standby");
      assertThat(remote.getReplicationEnabled()).isTrue();
      assertThat(remote.getShardsList()).isEmpty();
      NamespaceReplicationStatus namespaces = remote.getNamespaces();
      assertThat(namespaces.getLastPublishedNotificationVersion()).isEqualTo(7);
      assertThat(namespaces.getLastPublishedTime()).isEqualTo(Timestamp.newBuilder().setSeconds(NOW.getEpochSecond()).build());
      assertThat(namespaces.getLastAppliedNotificationVersion()).isEqualTo(4);
      assertThat(namespaces.getLastAppliedNamespace()).isEqualTo("orders");
      assertThat(namespaces.getLastAppliedTime().getSeconds()).isEqualTo(NOW.getEpochSecond() + 5);
    });
  }

  @Test
  void replicationStatusWithoutProgressSaysNone() {
    var remote = stub.getReplicationStatus(GetReplicationStatusRequest.getDefaultInstance()).getRemoteClusters(0);
    assertThat(remote.getNamespaces().getLastPublishedNotificationVersion()).isEqualTo(-1);
    assertThat(remote.getNamespaces().getLastAppliedNotificationVersion()).isEqualTo(-1);
    assertThat(remote.getNamespaces().hasLastPublishedTime()).isFalse();
  }

  private Status refusal(String name, String target) {
    return catchThrowableOfType(() -> stub.failoverNamespace(
        FailoverNamespaceRequest.newBuilder().setName(name).setTargetCluster(target).build()), StatusRuntimeException.class)
        .getStatus();
  }

  private DescribeNamespaceResponse describe(String name) {
    return stub.describeNamespace(DescribeNamespaceRequest.newBuilder().setName(name).build());
  }

  private String global() {
    String name = "orders-" + UUID.randomUUID();
    namespaces.create(detail(name, true));
    return name;
  }

  private static NamespaceDetail detail(String name, boolean global) {
    NamespaceDetail.Builder detail = NamespaceDetail.newBuilder()
        .setInfo(NamespaceDetail.Info.newBuilder().setId(UUID.randomUUID().toString()).setName(name)
            .setState(NamespaceDetail.State.STATE_REGISTERED))
        .setConfig(NamespaceDetail.Config.newBuilder().setRetention(Durations.fromDays(1)))
        .setIsGlobal(global)
        .setFailoverVersion(global ? 1 : 0)
        .setOriginCluster("active");
    detail.getReplicationBuilder().setActiveClusterName("active").addClusters("active");
    if (global) {
      detail.getReplicationBuilder().addClusters("standby");
    }
    return detail.build();
  }

  /** Progress as the replication role would have recorded it. */
  private static final class FakeProgress implements ReplicationProgressStore {
    final List<Published> published = new ArrayList<>();
    final List<Applied> applied = new ArrayList<>();

    @Override
    public List<Published> published() {
      return published;
    }

    @Override
    public List<Applied> applied() {
      return applied;
    }

    @Override
    public void recordApplied(Applied record) {
      applied.add(record);
    }
  }
}
