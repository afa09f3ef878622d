package dev.conduit.it.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.util.Durations;
import dev.conduit.it.support.Sleeper;
import dev.conduit.it.support.TestCluster;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.errordetails.v1.NamespaceNotActiveFailure;
import io.temporal.api.replication.v1.ClusterReplicationConfig;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cluster whose config knows a second cluster, under the {@code noop} redirection policy, with the official Java
 * SDK: a global namespace active in the other cluster gets {@code NamespaceNotActive} (with its detail fields) for
 * a start and a signal and nothing is written, while
 * a global namespace active here runs a workflow to completion.
 */
class NamespaceNotActiveIT {
  private static final String OTHER = "standby";
  private static final String ELSEWHERE = "active-elsewhere";
  private static final String HERE = "active-here";
  private static TestCluster cluster;
  private static WorkflowServiceStubs stubs;

  @BeforeAll
  static void startCluster() {
    // noop: the other cluster is not started, so this cluster must answer itself rather than forward
    cluster = TestCluster.startKnowing(OTHER, "noop");
    stubs = cluster.newStubs();
    registerGlobal(ELSEWHERE, OTHER);
    registerGlobal(HERE, TestCluster.CURRENT_CLUSTER);
  }

  @AfterAll
  static void stopCluster() {
    if (stubs != null) {
      stubs.shutdownNow();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aStartAndASignalOfANamespaceActiveElsewhereFailAndWriteNothing() {
    WorkflowClient client = client(ELSEWHERE);
    String workflowId = "not-active-" + UUID.randomUUID();

    WorkflowStub started = client.newUntypedWorkflowStub("Sleeper",
        WorkflowOptions.newBuilder().setTaskQueue("nowhere").setWorkflowId(workflowId).build());
    assertNotActive(catchThrowable(() -> started.start(10L)));
    assertNotActive(catchThrowable(() -> client.newUntypedWorkflowStub(workflowId).signal("wake", "up")));

    StatusRuntimeException describe = (StatusRuntimeException) catchThrowable(() -> stubs.blockingStub()
        .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder().setNamespace(ELSEWHERE)
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)).build()));
    assertThat(describe.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void aGlobalNamespaceActiveHereRunsAWorkflowToCompletion() {
    WorkflowClient client = client(HERE);
    String taskQueue = "active-here-" + UUID.randomUUID();
    WorkerFactory factory = WorkerFactory.newInstance(client);
    factory.newWorker(taskQueue).registerWorkflowImplementationTypes(Sleeper.Impl.class);
    factory.start();
    try {
      Sleeper sleeper = client.newWorkflowStub(Sleeper.class,
          WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId("here-" + UUID.randomUUID()).build());
      assertThat(sleeper.sleep(50)).isEqualTo("slept true");
    } finally {
      factory.shutdownNow();
    }
  }

  private static WorkflowClient client(String namespace) {
    return WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
  }

  private static void registerGlobal(String name, String activeCluster) {
    stubs.blockingStub().registerNamespace(RegisterNamespaceRequest.newBuilder()
        .setNamespace(name)
        .setIsGlobalNamespace(true)
        .addClusters(ClusterReplicationConfig.newBuilder().setClusterName(TestCluster.CURRENT_CLUSTER))
        .addClusters(ClusterReplicationConfig.newBuilder().setClusterName(OTHER))
        .setActiveClusterName(activeCluster)
        .setWorkflowExecutionRetentionPeriod(Durations.fromDays(1))
        .build());
  }

  /** The SDK's exception carries, somewhere in its causes, the status the frontend answered. */
  private static void assertNotActive(Throwable thrown) {
    Throwable cause = thrown;
    while (cause != null && !(cause instanceof StatusRuntimeException)) {
      cause = cause.getCause();
    }
    assertThat(cause).as("status in %s", thrown).isInstanceOf(StatusRuntimeException.class);
    StatusRuntimeException status = (StatusRuntimeException) cause;
    assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(status.getStatus().getDescription()).isEqualTo("Namespace: " + ELSEWHERE + " is active in cluster: "
        + OTHER + ", while current cluster " + TestCluster.CURRENT_CLUSTER + " is a standby cluster.");
    com.google.rpc.Status details = StatusProto.fromThrowable(status);
    assertThat(details.getDetailsCount()).isEqualTo(1);
    assertThat(details.getDetails(0).is(NamespaceNotActiveFailure.class)).isTrue();
    NamespaceNotActiveFailure failure;
    try {
      failure = details.getDetails(0).unpack(NamespaceNotActiveFailure.class);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
    assertThat(failure.getNamespace()).isEqualTo(ELSEWHERE);
    assertThat(failure.getCurrentCluster()).isEqualTo(TestCluster.CURRENT_CLUSTER);
    assertThat(failure.getActiveCluster()).isEqualTo(OTHER);
  }
}
