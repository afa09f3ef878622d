package dev.conduit.it.multicluster;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.conduit.it.support.TwoClusters.CONVERGE;
import static dev.conduit.it.support.TwoClusters.activeClusterOn;
import static dev.conduit.it.support.TwoClusters.client;
import static dev.conduit.it.support.TwoClusters.notActive;
import static dev.conduit.it.support.TwoClusters.worker;
import static org.awaitility.Awaitility.await;

import dev.conduit.it.support.TwoClusters;
import dev.conduit.it.support.Sleeper;
import io.temporal.api.replication.v1.NamespaceReplicationConfig;
import io.temporal.api.workflowservice.v1.UpdateNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker connected only to the standby cluster's frontend, under {@code all-apis-forwarding}: while the namespace
 * is active on the other cluster its polls and answers are forwarded there and workflows complete; when the namespace
 * fails over to its own cluster, its polls waiting on the old active are released and it goes on with the workflows
 * started afterwards. (Temporal asks operators to run workers against every cluster; this removes the need.)
 */
class StandbyOnlyWorkerIT {
  @RegisterExtension
  static final TwoClusters clusters = new TwoClusters("all-apis-forwarding");

  @Test
  void aWorkerOnTheStandbyOnlyCompletesWorkflowsBeforeAndAfterAFailover() throws Exception {
    String namespace = clusters.registerGlobal("standby-only");
    String taskQueue = "standby-only-" + UUID.randomUUID();
    WorkerFactory onStandbyOnly = worker(clusters.standby(), namespace, taskQueue, List.of(Sleeper.Impl.class));
    try {
      // before: started on the active, run by the worker on the standby through forwarded polls
      Sleeper before = client(clusters.active(), namespace).newWorkflowStub(Sleeper.class,
          WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId("before-" + UUID.randomUUID()).build());
      assertThat(before.sleep(100)).isEqualTo("slept true");

      clusters.active().blockingStub().updateNamespace(UpdateNamespaceRequest.newBuilder().setNamespace(namespace)
          .setReplicationConfig(NamespaceReplicationConfig.newBuilder().setActiveClusterName("standby")).build());
      await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100)).until(() -> activeClusterOn(clusters.standby(), namespace)
          .equals("standby"));

      // after: started on the standby, now active, where the same worker's polls land once released
      long failedOver = System.nanoTime();
      WorkflowOptions afterOptions = WorkflowOptions.newBuilder().setTaskQueue(taskQueue)
          .setWorkflowId("after-" + UUID.randomUUID()).build();
      // the standby's namespace cache may still name the old active for a moment (refreshed every 2 s)
      await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).ignoreExceptionsMatching(TwoClusters::notActive)
          .until(() -> WorkflowClient.start(client(clusters.standby(), namespace).newWorkflowStub(Sleeper.class, afterOptions)::sleep,
              100L) != null);
      assertThat(client(clusters.standby(), namespace).newUntypedWorkflowStub(afterOptions.getWorkflowId()).getResult(String.class))
          .isEqualTo("slept true");
      System.out.println("STANDBY-ONLY-WORKER failover seen -> workflow completed on the new clusters.active(): "
          + (System.nanoTime() - failedOver) / 1_000_000 + " ms");
      var frontendLog = clusters.group().cluster("standby").service("frontend").logFile();
      assertThat(Files.readString(frontendLog)).as("the clusters.standby()'s frontend released the polls it forwarded")
          .contains("released").contains("polls forwarded for namespace");
    } finally {
      onStandbyOnly.shutdownNow();
    }
  }
}
