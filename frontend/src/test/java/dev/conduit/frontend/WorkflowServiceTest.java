package dev.conduit.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import dev.conduit.config.archival.ArchivalConfig;
import dev.conduit.config.archival.NamespaceDefaultsConfig;
import dev.conduit.config.cluster.DcRedirectionConfig;
import dev.conduit.config.cluster.ClusterMetadataConfig;
import dev.conduit.frontend.TestClusters.MutableClock;
import dev.conduit.persistence.namespace.NamespaceRegistry;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.errordetails.v1.NamespaceAlreadyExistsFailure;
import io.temporal.api.errordetails.v1.NamespaceNotFoundFailure;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.namespace.v1.UpdateNamespaceInfo;
import io.temporal.api.replication.v1.ClusterReplicationConfig;
import io.temporal.api.replication.v1.NamespaceReplicationConfig;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceResponse;
import io.temporal.api.workflowservice.v1.GetClusterInfoRequest;
import io.temporal.api.workflowservice.v1.GetClusterInfoResponse;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.ListNamespacesRequest;
import io.temporal.api.workflowservice.v1.ListNamespacesResponse;
import io.temporal.api.workflowservice.v1.CreateScheduleRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.UpdateNamespaceRequest;
import io.temporal.api.workflowservice.v1.UpdateNamespaceResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The service end to end over an in-process channel, with the namespace store in memory. */
class WorkflowServiceTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final InMemoryNamespaceStore store = new InMemoryNamespaceStore();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  @Test
  void registerDescribeListAndFailOverAGlobalNamespace() {
    WorkflowServiceGrpc.WorkflowServiceBlockingStub stub = serve(TestClusters.metadata(TestClusters.ACTIVE));
    stub.registerNamespace(register("orders").setIsGlobalNamespace(true)
        .addClusters(cluster("active")).addClusters(cluster("standby")).setDescription("d").build());

    DescribeNamespaceResponse described = stub.describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace("orders").build());
    assertThat(described.getIsGlobalNamespace()).isTrue();
    assertThat(described.getFailoverVersion()).isEqualTo(1);
    assertThat(described.getReplicationConfig().getActiveClusterName()).isEqualTo("active");
    assertThat(described.getNamespaceInfo().getDescription()).isEqualTo("d");
    DescribeNamespaceResponse byId = stub.describeNamespace(
        DescribeNamespaceRequest.newBuilder().setId(described.getNamespaceInfo().getId()).build());
    assertThat(byId).isEqualTo(described);

    UpdateNamespaceResponse failedOver = stub.updateNamespace(UpdateNamespaceRequest.newBuilder().setNamespace("orders")
        .setReplicationConfig(NamespaceReplicationConfig.newBuilder().setActiveClusterName("standby")).build());
    assertThat(failedOver.getFailoverVersion()).isEqualTo(2);
    assertThat(failedOver.getReplicationConfig().getActiveClusterName()).isEqualTo("standby");
    DescribeNamespaceResponse after = stub.describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace("orders").build());
    assertThat(after.getFailoverHistoryList()).hasSize(1);
    assertThat(after.getFailoverVersion()).isEqualTo(2);
  }

  @Test
  void listPagesThroughAllNamespacesInNameOrder() {
    WorkflowServiceGrpc.WorkflowServiceBlockingStub stub = serve(TestClusters.metadata(TestClusters.ACTIVE));
    for (String name : List.of("c", "a", "e", "b", "d")) {
      stub.registerNamespace(register(name).build());
    }
    List<String> names = new ArrayList<>();
    ByteString token = ByteString.EMPTY;
    int pages = 0;
    do {
      ListNamespacesResponse page = stub.listNamespaces(ListNamespacesRequest.newBuilder().setPageSize(2).setNextPageToken(token).build());
      page.getNamespacesList().forEach(ns -> names.add(ns.getNamespaceInfo().getName()));
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty());
    assertThat(names).containsExactly("a", "b", "c", "d", "e");
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void duplicateAndUnknownNamespacesCarryTheirTemporalFailures() {
    WorkflowServiceGrpc.WorkflowServiceBlockingStub stub = serve(TestClusters.metadata(TestClusters.ACTIVE));
    stub.registerNamespace(register("orders").build());

    StatusRuntimeException duplicate = catchStatus(() -> stub.registerNamespace(register("orders").build()));
    assertThat(duplicate.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(StatusProto.fromThrowable(duplicate).getDetails(0).is(NamespaceAlreadyExistsFailure.class)).isTrue();

    StatusRuntimeException unknown = catchStatus(() -> stub.describeNamespace(
        DescribeNamespaceRequest.newBuilder().setNamespace("nope").build()));
    assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(StatusProto.fromThrowable(unknown).getDetails(0).is(NamespaceNotFoundFailure.class)).isTrue();
  }

  @Test
  void badInputIsInvalidArgumentAndStoresNothing() {
    WorkflowServiceGrpc.WorkflowServiceBlockingStub stub = serve(TestClusters.metadata(TestClusters.ACTIVE));
    assertInvalid(() -> stub.registerNamespace(register("orders").setWorkflowExecutionRetentionPeriod(
        Duration.newBuilder().setSeconds(60)).build()), "workflow_execution_retention_period");
    assertInvalid(() -> stub.registerNamespace(register("orders").clearWorkflowExecutionRetentionPeriod().build()),
        "workflow_execution_retention_period");
    assertInvalid(() -> stub.registerNamespace(register("bad name").build()), "namespace");
    assertInvalid(() -> stub.registerNamespace(register("orders").setActiveClusterName("mars").build()), "active_cluster_name");
    assertInvalid(() -> stub.registerNamespace(register("orders").setIsGlobalNamespace(true)
        .setActiveClusterName("standby").addClusters(cluster("active")).build()), "active_cluster_name");
    assertThat(store.snapshot()).isEmpty();
  }

  @Test
  void globalRegistrationNeedsTheFlagAndTheMasterCluster() {
    WorkflowServiceGrpc.WorkflowServiceBlockingStub disabled = serve(TestClusters.metadata(TestClusters.ACTIVE, false));
    assertInvalid(() -> disabled.registerNamespace(register("g").setIsGlobalNamespace(true).build()), "is_global_namespace");
    WorkflowServiceGrpc.WorkflowServiceBlockingStub standby = serve(TestClusters.metadata(TestClusters.STANDBY));
    assertInvalid(() -> standby.registerNamespace(register("g").setIsGlobalNamespace(true).build()), "is_global_namespace");
    assertThat(store.snapshot()).isEmpty();
  }

  @Test
  void updateRedoesItsChangeAfterAConcurrentWrite() {
    WorkflowServiceGrpc.WorkflowServiceBlockingStub stub = serve(TestClusters.metadata(TestClusters.ACTIVE));
    stub.registerNamespace(register("orders").build());
    store.conflictsToInject.set(2);
    UpdateNamespaceResponse updated = stub.updateNamespace(UpdateNamespaceRequest.newBuilder().setNamespace("orders")
        .setUpdateInfo(UpdateNamespaceInfo.newBuilder().setDescription("after conflicts")).build());
    assertThat(updated.getNamespaceInfo().getDescription()).isEqualTo("after conflicts");
    assertThat(store.snapshot().get("orders").getConfigVersion()).isEqualTo(1);
  }

  @Test
  void systemAndClusterInfoDescribeThisServer() {
    WorkflowServiceGrpc.WorkflowServiceBlockingStub stub = serve(TestClusters.metadata(TestClusters.STANDBY));
    var info = stub.getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    assertThat(info.getServerVersion()).isNotEmpty().doesNotStartWith("${");
    assertThat(info.getCapabilities().getInternalErrorDifferentiation()).isTrue();
    assertThat(info.getCapabilities().getSignalAndQueryHeader()).isTrue();
    assertThat(info.getCapabilities().getActivityFailureIncludeHeartbeat()).isTrue();
    assertThat(info.getCapabilities().getCountGroupByExecutionStatus()).as("no visibility store here").isFalse();
    GetClusterInfoResponse cluster = stub.getClusterInfo(GetClusterInfoRequest.getDefaultInstance());
    assertThat(cluster.getClusterName()).isEqualTo("standby");
    assertThat(cluster.getHistoryShardCount()).isEqualTo(4);
    assertThat(cluster.getInitialFailoverVersion()).isEqualTo(2);
    assertThat(cluster.getFailoverVersionIncrement()).isEqualTo(10);
    assertThat(cluster.getClusterId()).isNotEmpty();
  }

  @Test
  void operationsNotBuiltYetAnswerUnimplemented() {
    WorkflowServiceGrpc.WorkflowServiceBlockingStub stub = serve(TestClusters.metadata(TestClusters.ACTIVE));
    StatusRuntimeException e = catchStatus(() -> stub.createSchedule(CreateScheduleRequest.getDefaultInstance()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
  }

  @Test
  void aTaskQueueHasOnePartitionPerSideNamedAsTheQueueAndBadRequestsAreRefused() {
    WorkflowServiceGrpc.WorkflowServiceBlockingStub stub = serve(TestClusters.metadata(TestClusters.ACTIVE));
    stub.registerNamespace(register("orders").build());
    var partitions = stub.listTaskQueuePartitions(io.temporal.api.workflowservice.v1.ListTaskQueuePartitionsRequest
        .newBuilder().setNamespace("orders").setTaskQueue(TaskQueue.newBuilder().setName("q")).build());
    assertThat(partitions.getWorkflowTaskQueuePartitionsList()).singleElement().satisfies(partition -> {
      assertThat(partition.getKey()).isEqualTo("q");
      assertThat(partition.getOwnerHostName()).as("no matching host is known here").isEmpty();
    });
    assertThat(partitions.getActivityTaskQueuePartitionsList()).singleElement()
        .satisfies(partition -> assertThat(partition.getKey()).isEqualTo("q"));

    StatusRuntimeException noQueue = catchStatus(() -> stub.listTaskQueuePartitions(
        io.temporal.api.workflowservice.v1.ListTaskQueuePartitionsRequest.newBuilder().setNamespace("orders").build()));
    assertThat(noQueue.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    StatusRuntimeException unknown = catchStatus(() -> stub.listTaskQueuePartitions(
        io.temporal.api.workflowservice.v1.ListTaskQueuePartitionsRequest.newBuilder().setNamespace("nowhere")
            .setTaskQueue(TaskQueue.newBuilder().setName("q")).build()));
    assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void workflowCallsOfANamespaceOnlyFrontendAnswerUnimplemented() {
    WorkflowServiceGrpc.WorkflowServiceBlockingStub stub = serve(TestClusters.metadata(TestClusters.ACTIVE));
    stub.registerNamespace(register("orders").build());
    StatusRuntimeException e = catchStatus(() -> stub.startWorkflowExecution(StartWorkflowExecutionRequest.newBuilder()
        .setNamespace("orders").setWorkflowId("w").setWorkflowType(WorkflowType.newBuilder().setName("t"))
        .setTaskQueue(TaskQueue.newBuilder().setName("q")).build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
  }

  private WorkflowServiceGrpc.WorkflowServiceBlockingStub serve(ClusterMetadataConfig metadata) {
    FrontendSettings settings = new FrontendSettings("127.0.0.1", 0, 4, ArchivalConfig.disabled(),
        NamespaceDefaultsConfig.disabled(), DcRedirectionConfig.defaults());
    NamespaceRegistry registry = new NamespaceRegistry(store, clock, java.time.Duration.ofSeconds(10));
    FrontendContext context = new FrontendContext(settings, metadata, metadata.failoverVersions(), store, registry, clock);
    String name = InProcessServerBuilder.generateName();
    try {
      Server server = InProcessServerBuilder.forName(name).directExecutor().addService(new WorkflowService(context)).build().start();
      closeables.add(() -> server.shutdownNow().awaitTermination());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    closeables.add(() -> channel.shutdownNow().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS));
    return WorkflowServiceGrpc.newBlockingStub(channel);
  }

  private static RegisterNamespaceRequest.Builder register(String name) {
    return RegisterNamespaceRequest.newBuilder().setNamespace(name)
        .setWorkflowExecutionRetentionPeriod(Duration.newBuilder().setSeconds(3 * 86_400));
  }

  private static ClusterReplicationConfig cluster(String name) {
    return ClusterReplicationConfig.newBuilder().setClusterName(name).build();
  }

  private static void assertInvalid(Runnable call, String field) {
    StatusRuntimeException e = catchStatus(call);
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).startsWith(field + ": ");
  }

  private static StatusRuntimeException catchStatus(Runnable call) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call::run);
    assertThat(thrown).isInstanceOf(StatusRuntimeException.class);
    return (StatusRuntimeException) thrown;
  }
}
