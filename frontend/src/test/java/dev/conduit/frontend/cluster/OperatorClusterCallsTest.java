package dev.conduit.frontend.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.conduit.config.dynamic.DynamicConfig;
import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.FrontendSettings;
import dev.conduit.frontend.InMemoryNamespaceStore;
import dev.conduit.frontend.OperatorService;
import dev.conduit.frontend.TestClusters;
import dev.conduit.frontend.redirection.ForwardingSettings;
import dev.conduit.frontend.redirection.RemoteFrontends;
import dev.conduit.frontend.routing.Routing;
import dev.conduit.persistence.namespace.NamespaceRegistry;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.temporal.api.operatorservice.v1.AddOrUpdateRemoteClusterRequest;
import io.temporal.api.operatorservice.v1.ClusterMetadata;
import io.temporal.api.operatorservice.v1.ListClustersRequest;
import io.temporal.api.operatorservice.v1.OperatorServiceGrpc;
import io.temporal.api.operatorservice.v1.RemoveRemoteClusterRequest;
import io.temporal.api.workflowservice.v1.GetClusterInfoResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OperatorService cluster calls of cluster {@code active} (config: active 1, standby 2, increment 10, 4 shards)
 * over in-process gRPC, with remote frontends answering {@code GetClusterInfo} from a map by address.
 */
class OperatorClusterCallsTest {
  private final Map<String, GetClusterInfoResponse> remotes = new HashMap<>();
  private final InMemoryRemoteClusterStore store = new InMemoryRemoteClusterStore();
  private final InMemoryNamespaceStore namespaces = new InMemoryNamespaceStore();
  private Server server;
  private ManagedChannel channel;
  private OperatorServiceGrpc.OperatorServiceBlockingStub stub;

  @BeforeEach
  void serve() throws Exception {
    var metadata = TestClusters.metadata(TestClusters.ACTIVE);
    FrontendSettings settings = FrontendSettings.local(0, 4);
    ClusterDirectory directory = new ClusterDirectory(metadata, 4, Optional.of(store), Clock.systemUTC(),
        () -> Duration.ofMinutes(1));
    ClusterInfoFetcher fetcher = address -> {
      GetClusterInfoResponse answer = remotes.get(address);
      if (answer == null) {
        throw new RemoteClusterUnreachableException(address, "UNAVAILABLE: connection refused", null);
      }
      return answer;
    };
    FrontendContext context = new FrontendContext(settings, metadata, metadata.failoverVersions(), namespaces,
        new NamespaceRegistry(namespaces, Clock.systemUTC(), Duration.ofSeconds(10)), Clock.systemUTC(), Routing.none(),
        DynamicConfig.defaults(), directory, fetcher, new RemoteFrontends(directory, ForwardingSettings.defaults()));
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).addService(new OperatorService(context)).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
    stub = OperatorServiceGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void close() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void listShowsThisClusterFirstThenTheConfigsClusters() {
    List<ClusterMetadata> clusters = stub.listClusters(ListClustersRequest.getDefaultInstance()).getClustersList();

    assertThat(clusters).extracting(ClusterMetadata::getClusterName).containsExactly("active", "standby");
    assertThat(clusters.get(0).getClusterId()).isEqualTo(ClusterIds.of("active"));
    assertThat(clusters.get(0).getHistoryShardCount()).isEqualTo(4);
    assertThat(clusters.get(1).getAddress()).isEqualTo("127.0.0.1:8233");
    assertThat(clusters.get(1).getInitialFailoverVersion()).isEqualTo(2);
    assertThat(clusters).allMatch(ClusterMetadata::getIsConnectionEnabled);
  }

  @Test
  void anAddedClusterIsStoredAsItsFrontendDescribesItListedAndRemoved() {
    remotes.put("10.0.0.3:7233", info("third", 3, 10, 8));

    stub.addOrUpdateRemoteCluster(AddOrUpdateRemoteClusterRequest.newBuilder().setFrontendAddress("10.0.0.3:7233")
        .setEnableRemoteClusterConnection(true).build());
    ClusterMetadata third = stub.listClusters(ListClustersRequest.getDefaultInstance()).getClusters(2);

    assertThat(third.getClusterName()).isEqualTo("third");
    assertThat(third.getClusterId()).isEqualTo(ClusterIds.of("third"));
    assertThat(third.getAddress()).isEqualTo("10.0.0.3:7233");
    assertThat(third.getInitialFailoverVersion()).isEqualTo(3);
    assertThat(third.getHistoryShardCount()).isEqualTo(8);
    assertThat(third.getIsConnectionEnabled()).isTrue();
    assertThat(third.getIsReplicationEnabled()).isFalse();

    remotes.put("10.0.0.4:7233", info("third", 3, 10, 8));
    stub.addOrUpdateRemoteCluster(AddOrUpdateRemoteClusterRequest.newBuilder().setFrontendAddress("10.0.0.4:7233").build());
    assertThat(store.get("third").orElseThrow().frontendAddress()).isEqualTo("10.0.0.4:7233");
    assertThat(store.get("third").orElseThrow().version()).isEqualTo(2);

    stub.removeRemoteCluster(RemoveRemoteClusterRequest.newBuilder().setClusterName("third").build());
    assertThat(stub.listClusters(ListClustersRequest.getDefaultInstance()).getClustersList())
        .extracting(ClusterMetadata::getClusterName).containsExactly("active", "standby");
  }

  @Test
  void badAddsAreInvalidArgumentsWithAClearMessageAndStoreNothing() {
    remotes.put("self:7233", info("active", 1, 10, 4));
    remotes.put("same-version:7233", info("fourth", 2, 10, 4));
    remotes.put("other-increment:7233", info("fifth", 5, 100, 4));
    remotes.put("odd-shards:7233", info("sixth", 6, 10, 3));
    remotes.put("config-mismatch:7233", info("standby", 7, 10, 4));

    assertInvalid(add("nowhere:7233"), "frontend_address: no frontend answered GetClusterInfo at nowhere:7233");
    assertInvalid(add("self:7233"), "is this cluster (active)");
    assertInvalid(add("same-version:7233"), "initial failover version 2, which cluster standby already owns");
    assertInvalid(add("other-increment:7233"), "failover version increment 100, this cluster 10");
    assertInvalid(add("odd-shards:7233"), "3 history shards and this cluster 4");
    assertInvalid(add("config-mismatch:7233"), "the config's clusterMetadata.clusterInformation gives it 2");
    assertInvalid(add(""), "frontend_address: is required");
    assertInvalid(add("not an address"), "is not a host:port address");
    assertThat(store.list()).isEmpty();
  }

  @Test
  void removingThisClusterAConfigClusterAnUnknownOneOrOneANamespaceUsesIsRefused() {
    remotes.put("10.0.0.3:7233", info("third", 3, 10, 4));
    stub.addOrUpdateRemoteCluster(AddOrUpdateRemoteClusterRequest.newBuilder().setFrontendAddress("10.0.0.3:7233").build());
    namespaces.create(NamespaceDetail.newBuilder()
        .setInfo(NamespaceDetail.Info.newBuilder().setName("orders").setId(UUID.randomUUID().toString())
            .setState(NamespaceDetail.State.STATE_REGISTERED))
        .setIsGlobal(true)
        .setReplication(NamespaceDetail.Replication.newBuilder().setActiveClusterName("active")
            .addClusters("active").addClusters("third"))
        .build());

    assertInvalid(remove("active"), "active is this cluster");
    assertInvalid(remove("standby"), "comes from the config's clusterMetadata.clusterInformation");
    assertInvalid(remove("third"), "still a cluster of namespace(s) [orders]");
    StatusRuntimeException unknown = catchThrowableOfType(StatusRuntimeException.class, remove("nowhere")::run);
    assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(store.get("third")).isPresent();
  }

  @Test
  void aConfigClusterCanBeDescribedByItsFrontendAndTheRecordRemovedAgainWhileNamespacesUseIt() {
    remotes.put("127.0.0.1:8233", info("standby", 2, 10, 4));
    namespaces.create(NamespaceDetail.newBuilder()
        .setInfo(NamespaceDetail.Info.newBuilder().setName("orders").setId(UUID.randomUUID().toString())
            .setState(NamespaceDetail.State.STATE_REGISTERED))
        .setIsGlobal(true)
        .setReplication(NamespaceDetail.Replication.newBuilder().setActiveClusterName("active")
            .addClusters("active").addClusters("standby"))
        .build());

    stub.addOrUpdateRemoteCluster(AddOrUpdateRemoteClusterRequest.newBuilder().setFrontendAddress("127.0.0.1:8233")
        .setEnableRemoteClusterConnection(true).build());
    ClusterMetadata described = stub.listClusters(ListClustersRequest.getDefaultInstance()).getClusters(1);
    stub.removeRemoteCluster(RemoveRemoteClusterRequest.newBuilder().setClusterName("standby").build());
    ClusterMetadata fromConfig = stub.listClusters(ListClustersRequest.getDefaultInstance()).getClusters(1);

    assertThat(described.getClusterId()).isEqualTo(ClusterIds.of("standby"));
    assertThat(described.getHistoryShardCount()).isEqualTo(4);
    assertThat(described.getIsReplicationEnabled()).isTrue();
    assertThat(fromConfig.getClusterName()).isEqualTo("standby");
    assertThat(fromConfig.getClusterId()).isEmpty();
    assertInvalid(remove("standby"), "comes from the config's clusterMetadata.clusterInformation");
  }

  private Runnable add(String address) {
    return () -> stub.addOrUpdateRemoteCluster(AddOrUpdateRemoteClusterRequest.newBuilder().setFrontendAddress(address).build());
  }

  private Runnable remove(String name) {
    return () -> stub.removeRemoteCluster(RemoveRemoteClusterRequest.newBuilder().setClusterName(name).build());
  }

  private static void assertInvalid(Runnable call, String message) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).contains(message);
  }

  private static GetClusterInfoResponse info(String name, long initialVersion, long increment, int shards) {
    return GetClusterInfoResponse.newBuilder().setClusterName(name).setClusterId(ClusterIds.of(name))
        .setInitialFailoverVersion(initialVersion).setFailoverVersionIncrement(increment)
        .setHistoryShardCount(shards).build();
  }
}
