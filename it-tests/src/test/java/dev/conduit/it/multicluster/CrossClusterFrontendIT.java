package dev.conduit.it.multicluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.google.protobuf.util.Durations;
import dev.conduit.it.support.ClusterGroup;
import dev.conduit.persistence.cassandra.CqlSessions;
import dev.conduit.persistence.namespace.CassandraNamespaceStore;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.errordetails.v1.NamespaceNotActiveFailure;
import io.temporal.api.operatorservice.v1.AddOrUpdateRemoteClusterRequest;
import io.temporal.api.operatorservice.v1.ClusterMetadata;
import io.temporal.api.operatorservice.v1.ListClustersRequest;
import io.temporal.api.operatorservice.v1.RemoveRemoteClusterRequest;
import io.temporal.api.replication.v1.ClusterReplicationConfig;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc.WorkflowServiceBlockingStub;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clusters {@code active} (the master) and {@code standby} as separate processes under
 * {@code selected-apis-forwarding}, with the official Java SDK: the OperatorService cluster calls between them;
 * a start, signal and query sent to {@code standby} for a namespace active in {@code active} run there; the
 * dynamic flag turns forwarding off for one namespace; a forwarded call is not forwarded a second time; the
 * extra latency of a forwarded start; and, last, {@code active}'s frontend down gives {@code UNAVAILABLE} naming it.
 *
 * <p>The namespace whose clusters disagree is written into each cluster's namespace store directly (same id,
 * clusters and failover version, no origin cluster, so neither replication process sends it): it stands in for
 * a namespace replication that has not caught up, which the real path cannot be made to hold still.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrossClusterFrontendIT {
  private static final Logger log = LoggerFactory.getLogger(CrossClusterFrontendIT.class);
  private static final String UNFORWARDED = "unforwarded";
  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static final int LATENCY_STARTS = 200;
  private static ClusterGroup group;
  private static WorkflowServiceStubs active;
  private static WorkflowServiceStubs standby;

  /** Waits for a signal and greets with it; the query tells what it would answer now. */
  @WorkflowInterface
  public interface Greeter {
    @WorkflowMethod
    String greet();

    @SignalMethod
    void name(String name);

    @QueryMethod
    String greeting();
  }

  /** The {@link Greeter} a worker polling {@code active} runs. */
  public static class GreeterImpl implements Greeter {
    private String name;

    @Override
    public String greet() {
      Workflow.await(() -> name != null);
      return greeting();
    }

    @Override
    public void name(String given) {
      this.name = given;
    }

    @Override
    public String greeting() {
      return name == null ? "waiting" : "hello " + name;
    }
  }

  @BeforeAll
  static void startClusters() {
    group = ClusterGroup.startWith("""
        system.enableNamespaceNotActiveAutoForwarding:
          - value: true
            constraints: {}
          - value: false
            constraints:
              namespace: "%s"
        """.formatted(UNFORWARDED), Map.of(), "active", "standby");
    active = group.cluster("active").newStubs();
    standby = group.cluster("standby").newStubs();
  }

  @AfterAll
  static void stopClusters() {
    for (WorkflowServiceStubs stubs : new WorkflowServiceStubs[] {active, standby}) {
      if (stubs != null) {
        stubs.shutdownNow();
      }
    }
    if (group != null) {
      group.close();
    }
  }

  @Test
  @Order(1)
  void operatorsAddListAndRemoveTheOtherClusterWithTheSdksOperatorStubs() {
    OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
        OperatorServiceStubsOptions.newBuilder().setTarget(group.cluster("active").frontendTarget())
            .validateAndBuildWithDefaults());
    try {
      var stub = operator.blockingStub();
      List<ClusterMetadata> fromConfig = stub.listClusters(ListClustersRequest.getDefaultInstance()).getClustersList();
      assertThat(fromConfig).extracting(ClusterMetadata::getClusterName).containsExactly("active", "standby");
      assertThat(fromConfig.get(1).getClusterId()).isEmpty();

      stub.addOrUpdateRemoteCluster(AddOrUpdateRemoteClusterRequest.newBuilder()
          .setFrontendAddress(group.cluster("standby").frontendTarget()).setEnableRemoteClusterConnection(true).build());
      ClusterMetadata added = stub.listClusters(ListClustersRequest.getDefaultInstance()).getClusters(1);
      String standbyId = standby.blockingStub()
          .getClusterInfo(io.temporal.api.workflowservice.v1.GetClusterInfoRequest.getDefaultInstance()).getClusterId();
      assertThat(added.getClusterName()).isEqualTo("standby");
      assertThat(added.getClusterId()).isEqualTo(standbyId);
      assertThat(added.getAddress()).isEqualTo(group.cluster("standby").frontendTarget());
      assertThat(added.getInitialFailoverVersion()).isEqualTo(2);
      assertThat(added.getHistoryShardCount()).isPositive();
      assertThat(added.getIsConnectionEnabled()).isTrue();

      assertInvalid(() -> stub.addOrUpdateRemoteCluster(AddOrUpdateRemoteClusterRequest.newBuilder()
          .setFrontendAddress(group.cluster("active").frontendTarget()).build()), "is this cluster (active)");
      assertInvalid(() -> stub.addOrUpdateRemoteCluster(AddOrUpdateRemoteClusterRequest.newBuilder()
          .setFrontendAddress("127.0.0.1:1").build()), "no frontend answered GetClusterInfo at 127.0.0.1:1");
      assertInvalid(() -> stub.removeRemoteCluster(RemoveRemoteClusterRequest.newBuilder().setClusterName("active").build()),
          "active is this cluster");

      stub.removeRemoteCluster(RemoveRemoteClusterRequest.newBuilder().setClusterName("standby").build());
      assertThat(stub.listClusters(ListClustersRequest.getDefaultInstance()).getClusters(1).getClusterId()).isEmpty();
      assertInvalid(() -> stub.removeRemoteCluster(RemoveRemoteClusterRequest.newBuilder().setClusterName("standby").build()),
          "comes from the config's clusterMetadata.clusterInformation");
      StatusRuntimeException unknown = catchThrowableOfType(StatusRuntimeException.class,
          () -> stub.removeRemoteCluster(RemoveRemoteClusterRequest.newBuilder().setClusterName("nowhere").build()));
      assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    } finally {
      operator.shutdownNow();
    }
  }

  @Test
  @Order(2)
  void aStartSignalAndQuerySentToTheStandbyRunOnTheActiveCluster() {
    String namespace = registerGlobalOnActive("forwarded-" + shortId());
    String taskQueue = "greeters-" + shortId();
    WorkerFactory workers = WorkerFactory.newInstance(client(active, namespace));
    workers.newWorker(taskQueue).registerWorkflowImplementationTypes(GreeterImpl.class);
    workers.start();
    try {
      String workflowId = "greet-" + UUID.randomUUID();
      Greeter viaStandby = client(standby, namespace).newWorkflowStub(Greeter.class,
          WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(workflowId).build());

      WorkflowExecution started = WorkflowClient.start(viaStandby::greet);
      await().atMost(CONVERGE).until(viaStandby::greeting, "waiting"::equals);
      viaStandby.name("standby");
      await().atMost(CONVERGE).until(viaStandby::greeting, "hello standby"::equals);

      String result = client(active, namespace).newUntypedWorkflowStub(workflowId).getResult(String.class);
      assertThat(result).isEqualTo("hello standby");
      assertThat(describeStatus(active, namespace, workflowId)).isEqualTo(Status.Code.OK);
      // describe stays local under selected-apis-forwarding: the standby answers from its replicated copy
      await().atMost(CONVERGE).until(() -> describeStatus(standby, namespace, workflowId), Status.Code.OK::equals);
      assertThat(started.getRunId()).isNotEmpty();
    } finally {
      workers.shutdownNow();
    }
  }

  @Test
  @Order(3)
  void withForwardingTurnedOffForANamespaceTheStandbyAnswersNamespaceNotActive() {
    registerGlobalOnActive(UNFORWARDED);

    String workflowId = "not-forwarded-" + UUID.randomUUID();

    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> start(standby.blockingStub(), UNFORWARDED, workflowId));

    assertNotActive(e, UNFORWARDED, "standby", "active");
    assertThat(describeStatus(active, UNFORWARDED, workflowId)).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  @Order(4)
  void aForwardedCallIsNotForwardedAgainWhenTheClustersDisagree() {
    String namespace = "disagreeing-" + shortId();
    String id = UUID.randomUUID().toString();
    // standby believes active is active; active believes standby is: a naive forwarder would loop
    writeNamespace("standby", namespace, id, "active");
    writeNamespace("active", namespace, id, "standby");
    await().atMost(CONVERGE).until(() -> activeClusterSeenBy(standby, namespace).equals("active")
        && activeClusterSeenBy(active, namespace).equals("standby"));
    // the frontends' namespace caches refresh every system.namespaceCacheRefreshInterval (2 s)
    await().atMost(CONVERGE).pollInterval(Duration.ofMillis(500)).until(() -> {
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
          () -> start(standby.blockingStub(), namespace, "looping-" + UUID.randomUUID()));
      return e != null && NamespaceNotActiveDetails.of(e).getCurrentCluster().equals("active");
    });

    String workflowId = "looping-" + UUID.randomUUID();
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> start(standby.blockingStub(), namespace, workflowId));

    // answered by active after one hop, naming standby as active; standby passed it on instead of forwarding back
    assertNotActive(e, namespace, "active", "standby");
    assertThat(describeStatus(active, namespace, workflowId)).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(describeStatus(standby, namespace, workflowId)).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  @Order(5)
  void aForwardedStartCostsOneMoreHopMeasured() throws Exception {
    String namespace = registerGlobalOnActive("latency-" + shortId());
    List<Long> direct = new ArrayList<>();
    List<Long> forwarded = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      start(active.blockingStub(), namespace, "direct-warmup-" + i);
      start(standby.blockingStub(), namespace, "forwarded-warmup-" + i);
    }
    // interleaved, so that both see the same load of this shared machine
    for (int i = 0; i < LATENCY_STARTS; i++) {
      direct.add(timedStart(active.blockingStub(), namespace, "direct-" + i));
      forwarded.add(timedStart(standby.blockingStub(), namespace, "forwarded-" + i));
    }
    String report = "starts of " + LATENCY_STARTS + " each (ms): direct p50 " + percentile(direct, 50) + " p99 "
        + percentile(direct, 99) + "; forwarded standby->active p50 " + percentile(forwarded, 50) + " p99 "
        + percentile(forwarded, 99);
    log.info(report);
    Files.writeString(Path.of("target", "dc-redirection-latency.txt"), report + "\n");
    // the standby cannot start a run of a namespace active elsewhere: the forwarded starts ran on the active
    assertThat(describeStatus(active, namespace, "forwarded-0")).isEqualTo(Status.Code.OK);
  }

  @Test
  @Order(6)
  void withTheActiveFrontendDownAForwardedCallIsUnavailableNamingTheClusterBeforeTheCallersDeadline() {
    String namespace = registerGlobalOnActive("down-" + shortId());
    group.cluster("active").service("frontend").stop();

    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> start(standby.blockingStub().withDeadlineAfter(30, TimeUnit.SECONDS), namespace, "down-" + UUID.randomUUID()));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.getStatus().getDescription())
        .startsWith("cluster active (" + group.cluster("active").frontendTarget() + ") is unavailable");
  }

  private static String registerGlobalOnActive(String namespace) {
    active.blockingStub().registerNamespace(RegisterNamespaceRequest.newBuilder()
        .setNamespace(namespace)
        .setIsGlobalNamespace(true)
        .addClusters(ClusterReplicationConfig.newBuilder().setClusterName("active"))
        .addClusters(ClusterReplicationConfig.newBuilder().setClusterName("standby"))
        .setActiveClusterName("active")
        .setWorkflowExecutionRetentionPeriod(Durations.fromDays(1))
        .build());
    // namespace replication brings it to the standby; its frontend's cache follows within one refresh
    await().atMost(CONVERGE).until(() -> activeClusterSeenBy(standby, namespace).equals("active"));
    await().atMost(CONVERGE).pollInterval(Duration.ofMillis(500)).until(() -> {
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
          () -> describe(standby, namespace, "probe"));
      return e != null && e.getStatus().getCode() == Status.Code.NOT_FOUND
          && !e.getStatus().getDescription().startsWith("Namespace ");
    });
    return namespace;
  }

  private static String activeClusterSeenBy(WorkflowServiceStubs stubs, String namespace) {
    try {
      return stubs.blockingStub().describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build())
          .getReplicationConfig().getActiveClusterName();
    } catch (StatusRuntimeException e) {
      return "";
    }
  }

  private static void writeNamespace(String cluster, String name, String id, String activeCluster) {
    try (CqlSession session = CqlSessions.open(group.cluster(cluster).cassandra())) {
      new CassandraNamespaceStore(session).create(NamespaceDetail.newBuilder()
          .setInfo(NamespaceDetail.Info.newBuilder().setId(id).setName(name).setState(NamespaceDetail.State.STATE_REGISTERED))
          .setConfig(NamespaceDetail.Config.newBuilder().setRetention(Durations.fromDays(1)))
          .setReplication(NamespaceDetail.Replication.newBuilder().setActiveClusterName(activeCluster)
              .addClusters("active").addClusters("standby"))
          .setIsGlobal(true)
          .setFailoverVersion(1)
          .build());
    }
  }

  private static long timedStart(WorkflowServiceBlockingStub stub, String namespace, String workflowId) {
    long began = System.nanoTime();
    start(stub, namespace, workflowId);
    return (System.nanoTime() - began) / 1000;
  }

  private static String percentile(List<Long> micros, int percentile) {
    List<Long> sorted = new ArrayList<>(micros);
    Collections.sort(sorted);
    long value = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    return String.format(java.util.Locale.ROOT, "%.1f", value / 1000.0);
  }

  private static void start(WorkflowServiceBlockingStub stub, String namespace, String workflowId) {
    stub.startWorkflowExecution(StartWorkflowExecutionRequest.newBuilder()
        .setNamespace(namespace)
        .setWorkflowId(workflowId)
        .setWorkflowType(WorkflowType.newBuilder().setName("Greeter"))
        .setTaskQueue(TaskQueue.newBuilder().setName("nobody-polls"))
        .setRequestId(UUID.randomUUID().toString())
        .build());
  }

  private static void describe(WorkflowServiceStubs stubs, String namespace, String workflowId) {
    stubs.blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
        .setNamespace(namespace).setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)).build());
  }

  private static Status.Code describeStatus(WorkflowServiceStubs stubs, String namespace, String workflowId) {
    try {
      describe(stubs, namespace, workflowId);
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  private static WorkflowClient client(WorkflowServiceStubs stubs, String namespace) {
    return WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
  }

  private static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static void assertInvalid(Runnable call, String message) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).contains(message);
  }

  private static void assertNotActive(StatusRuntimeException e, String namespace, String current, String activeCluster) {
    assertThat(e).isNotNull();
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    NamespaceNotActiveFailure failure = NamespaceNotActiveDetails.of(e);
    assertThat(failure.getNamespace()).isEqualTo(namespace);
    assertThat(failure.getCurrentCluster()).isEqualTo(current);
    assertThat(failure.getActiveCluster()).isEqualTo(activeCluster);
  }

  /** The {@code NamespaceNotActiveFailure} detail of a status, or the empty one. */
  private static final class NamespaceNotActiveDetails {
    static NamespaceNotActiveFailure of(StatusRuntimeException e) {
      com.google.rpc.Status status = StatusProto.fromThrowable(e);
      if (status == null) {
        return NamespaceNotActiveFailure.getDefaultInstance();
      }
      return status.getDetailsList().stream().filter(d -> d.is(NamespaceNotActiveFailure.class)).findFirst()
          .map(d -> {
            try {
              return d.unpack(NamespaceNotActiveFailure.class);
            } catch (com.google.protobuf.InvalidProtocolBufferException bad) {
              throw new AssertionError(bad);
            }
          })
          .orElse(NamespaceNotActiveFailure.getDefaultInstance());
    }
  }
}
