package dev.conduit.it.multicluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.Durations;
import dev.conduit.it.support.ClusterGroup;
import dev.conduit.it.support.Sleeper;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.replication.v1.ClusterReplicationConfig;
import io.temporal.api.replication.v1.NamespaceReplicationConfig;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.api.workflowservice.v1.UpdateNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A worker connected only to the standby cluster's frontend, under {@code all-apis-forwarding}: while the namespace
 * is active on the other cluster its polls and answers are forwarded there and workflows complete; when the namespace
 * fails over to its own cluster, its polls waiting on the old active are released and it goes on with the workflows
 * started afterwards. (Temporal asks operators to run workers against every cluster; this removes the need.)
 */
class StandbyOnlyWorkerIT {
  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static ClusterGroup group;
  private static WorkflowServiceStubs active;
  private static WorkflowServiceStubs standby;

  @BeforeAll
  static void startClusters() {
    group = ClusterGroup.startWith(null, Map.of("active", "all-apis-forwarding", "standby", "all-apis-forwarding"),
        "active", "standby");
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
  void aWorkerOnTheStandbyOnlyCompletesWorkflowsBeforeAndAfterAFailover() throws Exception {
    String namespace = registerGlobal();
    String taskQueue = "standby-only-" + UUID.randomUUID();
    WorkerFactory onStandbyOnly = WorkerFactory.newInstance(client(standby, namespace));
    onStandbyOnly.newWorker(taskQueue).registerWorkflowImplementationTypes(Sleeper.Impl.class);
    onStandbyOnly.start();
    try {
      // before: started on the active, run by the worker on the standby through forwarded polls
      Sleeper before = client(active, namespace).newWorkflowStub(Sleeper.class,
          WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId("before-" + UUID.randomUUID()).build());
      assertThat(before.sleep(100)).isEqualTo("slept true");

      active.blockingStub().updateNamespace(UpdateNamespaceRequest.newBuilder().setNamespace(namespace)
          .setReplicationConfig(NamespaceReplicationConfig.newBuilder().setActiveClusterName("standby")).build());
      await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100)).until(() -> activeClusterOn(standby, namespace)
          .equals("standby"));

      // after: started on the standby, now active, where the same worker's polls land once released
      long failedOver = System.nanoTime();
      WorkflowOptions afterOptions = WorkflowOptions.newBuilder().setTaskQueue(taskQueue)
          .setWorkflowId("after-" + UUID.randomUUID()).build();
      // the standby's namespace cache may still name the old active for a moment (refreshed every 2 s)
      await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).ignoreExceptionsMatching(StandbyOnlyWorkerIT::notActive)
          .until(() -> WorkflowClient.start(client(standby, namespace).newWorkflowStub(Sleeper.class, afterOptions)::sleep,
              100L) != null);
      assertThat(client(standby, namespace).newUntypedWorkflowStub(afterOptions.getWorkflowId()).getResult(String.class))
          .isEqualTo("slept true");
      System.out.println("STANDBY-ONLY-WORKER failover seen -> workflow completed on the new active: "
          + (System.nanoTime() - failedOver) / 1_000_000 + " ms");
      var frontendLog = group.cluster("standby").service("frontend").logFile();
      assertThat(Files.readString(frontendLog)).as("the standby's frontend released the polls it forwarded")
          .contains("released").contains("polls forwarded for namespace");
    } finally {
      onStandbyOnly.shutdownNow();
    }
  }

  private static boolean notActive(Throwable thrown) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (cause instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.FAILED_PRECONDITION) {
        return true;
      }
    }
    return false;
  }

  private static String activeClusterOn(WorkflowServiceStubs stubs, String namespace) {
    return stubs.blockingStub().describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build())
        .getReplicationConfig().getActiveClusterName();
  }

  private static String registerGlobal() {
    String name = "standby-only-" + UUID.randomUUID();
    active.blockingStub().registerNamespace(RegisterNamespaceRequest.newBuilder()
        .setNamespace(name)
        .setIsGlobalNamespace(true)
        .addClusters(ClusterReplicationConfig.newBuilder().setClusterName("active"))
        .addClusters(ClusterReplicationConfig.newBuilder().setClusterName("standby"))
        .setActiveClusterName("active")
        .setWorkflowExecutionRetentionPeriod(Durations.fromDays(1))
        .build());
    await().atMost(CONVERGE).pollInterval(Duration.ofMillis(50)).ignoreExceptionsMatching(
        e -> e instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND)
        .until(() -> activeClusterOn(standby, name).equals("active"));
    return name;
  }

  private static WorkflowClient client(WorkflowServiceStubs stubs, String namespace) {
    return WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
  }
}
