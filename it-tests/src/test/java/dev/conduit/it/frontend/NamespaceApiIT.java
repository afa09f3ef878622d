package dev.conduit.it.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import dev.conduit.frontend.FrontendServer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.enums.v1.ArchivalState;
import io.temporal.api.enums.v1.NamespaceState;
import io.temporal.api.errordetails.v1.NamespaceAlreadyExistsFailure;
import io.temporal.api.errordetails.v1.NamespaceNotFoundFailure;
import io.temporal.api.namespace.v1.NamespaceConfig;
import io.temporal.api.namespace.v1.UpdateNamespaceInfo;
import io.temporal.api.replication.v1.ClusterReplicationConfig;
import io.temporal.api.replication.v1.FailoverStatus;
import io.temporal.api.replication.v1.NamespaceReplicationConfig;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceResponse;
import io.temporal.api.workflowservice.v1.GetClusterInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.ListNamespacesRequest;
import io.temporal.api.workflowservice.v1.ListNamespacesResponse;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.api.workflowservice.v1.UpdateNamespaceRequest;
import io.temporal.api.workflowservice.v1.UpdateNamespaceResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc.WorkflowServiceBlockingStub;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The namespace API of a real frontend on the real Cassandra, driven by the official Temporal client
 * stubs: what the CLI and SDKs send, with the error details they unpack.
 */
class NamespaceApiIT {
  private static FrontendFixture fixture;
  private static FrontendServer server;
  private static WorkflowServiceStubs stubs;
  private static WorkflowServiceBlockingStub api;

  @BeforeAll
  static void start() {
    fixture = new FrontendFixture();
    server = fixture.startFrontend();
    stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + server.port()).build());
    api = stubs.blockingStub();
  }

  @AfterAll
  static void stop() {
    if (stubs != null) {
      stubs.shutdownNow();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void registerDescribeListUpdateAndFailOverAGlobalNamespace() {
    String name = unique("orders");
    api.registerNamespace(RegisterNamespaceRequest.newBuilder()
        .setNamespace(name).setDescription("order processing").setOwnerEmail("orders@example.com")
        .putData("team", "payments").setWorkflowExecutionRetentionPeriod(days(3))
        .setIsGlobalNamespace(true).setActiveClusterName("active")
        .addClusters(cluster("active")).addClusters(cluster("standby"))
        .build());

    DescribeNamespaceResponse described = describe(name);
    assertThat(described.getNamespaceInfo().getName()).isEqualTo(name);
    assertThat(UUID.fromString(described.getNamespaceInfo().getId())).isNotNull();
    assertThat(described.getNamespaceInfo().getState()).isEqualTo(NamespaceState.NAMESPACE_STATE_REGISTERED);
    assertThat(described.getNamespaceInfo().getDescription()).isEqualTo("order processing");
    assertThat(described.getNamespaceInfo().getOwnerEmail()).isEqualTo("orders@example.com");
    assertThat(described.getNamespaceInfo().getDataMap()).containsExactlyEntriesOf(java.util.Map.of("team", "payments"));
    assertThat(described.getNamespaceInfo().getCapabilities().getWorkerHeartbeats()).isFalse();
    assertThat(described.getNamespaceInfo().getCapabilities().getSyncUpdate()).isTrue();
    assertThat(described.getNamespaceInfo().getCapabilities().getAsyncUpdate()).isTrue();
    assertThat(described.getConfig().getWorkflowExecutionRetentionTtl()).isEqualTo(days(3));
    assertThat(described.getConfig().getHistoryArchivalState()).isEqualTo(ArchivalState.ARCHIVAL_STATE_DISABLED);
    assertThat(described.getConfig().getVisibilityArchivalState()).isEqualTo(ArchivalState.ARCHIVAL_STATE_DISABLED);
    assertThat(described.getReplicationConfig().getActiveClusterName()).isEqualTo("active");
    assertThat(described.getReplicationConfig().getClustersList()).extracting(ClusterReplicationConfig::getClusterName)
        .containsExactly("active", "standby");
    assertThat(described.getIsGlobalNamespace()).isTrue();
    assertThat(described.getFailoverVersion()).isEqualTo(1);
    assertThat(describeById(described.getNamespaceInfo().getId())).isEqualTo(described);
    assertThat(listAll(1)).contains(name);

    UpdateNamespaceResponse updated = api.updateNamespace(UpdateNamespaceRequest.newBuilder().setNamespace(name)
        .setUpdateInfo(UpdateNamespaceInfo.newBuilder().setDescription("orders, v2"))
        .setConfig(NamespaceConfig.newBuilder().setWorkflowExecutionRetentionTtl(days(7)))
        .build());
    assertThat(updated.getConfig().getWorkflowExecutionRetentionTtl()).isEqualTo(days(7));
    assertThat(updated.getFailoverVersion()).isEqualTo(1);

    // increment 10, active = 1, standby = 2: 1 -> 2 -> 11
    assertThat(failOver(name, "standby").getFailoverVersion()).isEqualTo(2);
    assertThat(describe(name).getReplicationConfig().getActiveClusterName()).isEqualTo("standby");
    assertThat(failOver(name, "active").getFailoverVersion()).isEqualTo(11);

    DescribeNamespaceResponse after = describe(name);
    assertThat(after.getNamespaceInfo().getDescription()).isEqualTo("orders, v2");
    assertThat(after.getConfig().getWorkflowExecutionRetentionTtl()).isEqualTo(days(7));
    assertThat(after.getReplicationConfig().getActiveClusterName()).isEqualTo("active");
    assertThat(after.getFailoverVersion()).isEqualTo(11);
    assertThat(after.getFailoverHistoryList()).extracting(FailoverStatus::getFailoverVersion).containsExactly(2L, 11L);
    assertThat(after.getNamespaceInfo().getId()).isEqualTo(described.getNamespaceInfo().getId());
  }

  @Test
  void duplicateRegistrationIsAlreadyExistsWithItsFailure() {
    String name = unique("dup");
    api.registerNamespace(register(name).build());
    StatusRuntimeException e = statusOf(() -> api.registerNamespace(register(name).setDescription("other").build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(StatusProto.fromThrowable(e).getDetails(0).is(NamespaceAlreadyExistsFailure.class)).isTrue();
    assertThat(describe(name).getNamespaceInfo().getDescription()).isEmpty();
  }

  @Test
  void unknownNamespaceIsNotFoundWithItsFailure() throws Exception {
    StatusRuntimeException e = statusOf(() -> describe("no-such-namespace"));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(StatusProto.fromThrowable(e).getDetails(0).unpack(NamespaceNotFoundFailure.class).getNamespace())
        .isEqualTo("no-such-namespace");
    assertThat(statusOf(() -> describeById(UUID.randomUUID().toString())).getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void invalidRetentionIsInvalidArgumentAndStoresNothing() {
    String name = unique("short");
    StatusRuntimeException e = statusOf(() -> api.registerNamespace(register(name)
        .setWorkflowExecutionRetentionPeriod(Duration.newBuilder().setSeconds(3600)).build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).startsWith("workflow_execution_retention_period: ");
    assertThat(fixture.storedNamespaceNames()).doesNotContain(name);
    assertThat(statusOf(() -> describe(name)).getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);

    String kept = unique("kept");
    api.registerNamespace(register(kept).build());
    StatusRuntimeException negative = statusOf(() -> api.updateNamespace(UpdateNamespaceRequest.newBuilder().setNamespace(kept)
        .setConfig(NamespaceConfig.newBuilder().setWorkflowExecutionRetentionTtl(Duration.newBuilder().setSeconds(-86_400)))
        .build()));
    assertThat(negative.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(describe(kept).getConfig().getWorkflowExecutionRetentionTtl()).isEqualTo(days(3));
  }

  @Test
  void healthServiceReportsServing() {
    assertThat(stubs.healthCheck().getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    HealthCheckResponse overall = HealthGrpc.newBlockingStub(stubs.getRawChannel())
        .check(HealthCheckRequest.newBuilder().setService("").build());
    assertThat(overall.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  @Test
  void systemAndClusterInfoAnswer() {
    GetSystemInfoResponse info = api.getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    assertThat(info.getServerVersion()).isNotEmpty();
    assertThat(info.getCapabilities().getInternalErrorDifferentiation()).isTrue();
    assertThat(info.getCapabilities().getSignalAndQueryHeader()).isTrue();
    var cluster = api.getClusterInfo(GetClusterInfoRequest.getDefaultInstance());
    assertThat(cluster.getClusterName()).isEqualTo("active");
    assertThat(cluster.getHistoryShardCount()).isEqualTo(4);
    assertThat(cluster.getFailoverVersionIncrement()).isEqualTo(FrontendFixture.INCREMENT);
  }

  @Test
  void sdkClientConnectsAndWorkerStartFailsFastOnAnUnknownNamespace() throws Exception {
    WorkflowClient unknownClient = WorkflowClient.newInstance(stubs,
        WorkflowClientOptions.newBuilder().setNamespace("never-registered").build());
    // the SDK's GetSystemInfo, answered with our capabilities
    assertThat(unknownClient.getWorkflowServiceStubs().getServerCapabilities().get().getInternalErrorDifferentiation()).isTrue();

    WorkerFactory unknownFactory = WorkerFactory.newInstance(unknownClient);
    unknownFactory.newWorker("tq");
    // start() returns with the failure instead of retrying NOT_FOUND forever
    Throwable failure = catchThrowable(unknownFactory::start);
    unknownFactory.shutdownNow();
    Throwable cause = failure;
    while (cause != null && !(cause instanceof StatusRuntimeException)) {
      cause = cause.getCause();
    }
    assertThat(cause).as("start() failure %s", failure).isInstanceOf(StatusRuntimeException.class);
    assertThat(((StatusRuntimeException) cause).getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(StatusProto.fromThrowable(cause).getDetails(0).is(NamespaceNotFoundFailure.class)).isTrue();

    String name = unique("sdk");
    api.registerNamespace(register(name).build());
    WorkflowClient client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace(name).build());
    WorkerFactory factory = WorkerFactory.newInstance(client);
    factory.newWorker("tq"); // no workflow or activity types: it describes the namespace but never polls
    try {
      factory.start();
      assertThat(factory.isStarted()).isTrue();
    } finally {
      factory.shutdownNow();
    }
  }

  @Test
  void latencyOfRegisterAndDescribe() {
    int n = 20;
    long[] register = new long[n];
    long[] describe = new long[5 * n];
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = unique("lat");
      names.add(name);
      long start = System.nanoTime();
      api.registerNamespace(register(name).build());
      register[i] = System.nanoTime() - start;
    }
    for (int i = 0; i < describe.length; i++) {
      long start = System.nanoTime();
      describe(names.get(i % n));
      describe[i] = System.nanoTime() - start;
    }
    System.out.printf("NamespaceApiIT latency: register p50 %.1f ms p95 %.1f ms; describe p50 %.1f ms p95 %.1f ms (n=%d/%d)%n",
        percentile(register, 50), percentile(register, 95), percentile(describe, 50), percentile(describe, 95), n, describe.length);
    for (String name : names) {
      assertThat(describe(name).getNamespaceInfo().getName()).isEqualTo(name);
    }
  }

  private static DescribeNamespaceResponse describe(String name) {
    return api.describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(name).build());
  }

  private static DescribeNamespaceResponse describeById(String id) {
    return api.describeNamespace(DescribeNamespaceRequest.newBuilder().setId(id).build());
  }

  private static UpdateNamespaceResponse failOver(String name, String target) {
    return api.updateNamespace(UpdateNamespaceRequest.newBuilder().setNamespace(name)
        .setReplicationConfig(NamespaceReplicationConfig.newBuilder().setActiveClusterName(target)).build());
  }

  private static List<String> listAll(int pageSize) {
    List<String> names = new ArrayList<>();
    ByteString token = ByteString.EMPTY;
    do {
      ListNamespacesResponse page =
          api.listNamespaces(ListNamespacesRequest.newBuilder().setPageSize(pageSize).setNextPageToken(token).build());
      assertThat(page.getNamespacesCount()).isLessThanOrEqualTo(pageSize);
      page.getNamespacesList().forEach(ns -> names.add(ns.getNamespaceInfo().getName()));
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    assertThat(names).isSorted().doesNotHaveDuplicates();
    return names;
  }

  static RegisterNamespaceRequest.Builder register(String name) {
    return RegisterNamespaceRequest.newBuilder().setNamespace(name).setWorkflowExecutionRetentionPeriod(days(3));
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static Duration days(long days) {
    return Duration.newBuilder().setSeconds(days * 86_400).build();
  }

  private static ClusterReplicationConfig cluster(String name) {
    return ClusterReplicationConfig.newBuilder().setClusterName(name).build();
  }

  private static StatusRuntimeException statusOf(Runnable call) {
    Throwable thrown = catchThrowable(call::run);
    assertThat(thrown).isInstanceOf(StatusRuntimeException.class);
    return (StatusRuntimeException) thrown;
  }

  private static double percentile(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    java.util.Arrays.sort(sorted);
    int index = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }
}
