package dev.conduit.it.multicluster;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.conduit.it.support.TwoClusters.CONVERGE;
import static dev.conduit.it.support.TwoClusters.client;
import static dev.conduit.it.support.TwoClusters.history;
import static dev.conduit.it.support.TwoClusters.historyOrEmpty;
import static dev.conduit.it.support.TwoClusters.worker;
import static org.awaitility.Awaitility.await;

import dev.conduit.it.support.TwoClusters;
import dev.conduit.it.support.Sleeper;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Workflow replication through faults, two clusters as separate processes: the standby's replication process
 * killed with SIGKILL while the active runs workflows (a backlog in Kafka), and the source's history process
 * killed and restarted while workflows run. Afterwards every run's history on the standby equals the active's,
 * event by event: nothing missing, nothing twice.
 */
class ReplicationFaultsIT {
  private static final int WORKFLOWS = 10;
  @RegisterExtension
  static final TwoClusters clusters = new TwoClusters("noop");

  @Test
  void aBacklogBuiltWhileTheStandbysReplicationWasKilledArrivesWhole() {
    String namespace = clusters.registerGlobal("faults");
    String taskQueue = "backlog-" + UUID.randomUUID();
    var replication = clusters.group().cluster("standby").service("replication");
    WorkerFactory worker = worker(clusters.active(), namespace, taskQueue, List.of(Sleeper.Impl.class));
    List<WorkflowExecution> runs;
    try {
      replication.kill();
      runs = runSleepers(namespace, taskQueue, 50);
      // the state the test names: the standby has not got the runs, they wait in Kafka
      assertThat(historyOrEmpty(clusters.standby(), namespace, runs.get(runs.size() - 1))).isEmpty();
    } finally {
      replication.start(Duration.ofMinutes(2));
      worker.shutdownNow();
    }
    assertReplicated(namespace, runs);
  }

  @Test
  void theSourcesHistoryKilledWhileWorkflowsRunLosesAndDoublesNothing() {
    String namespace = clusters.registerGlobal("faults");
    String taskQueue = "source-crash-" + UUID.randomUUID();
    WorkerFactory worker = worker(clusters.active(), namespace, taskQueue, List.of(Sleeper.Impl.class));
    try {
      WorkflowClient client = client(clusters.active(), namespace);
      List<WorkflowExecution> runs = new ArrayList<>();
      for (int i = 0; i < WORKFLOWS; i++) {
        Sleeper sleeper = client.newWorkflowStub(Sleeper.class, WorkflowOptions.newBuilder().setTaskQueue(taskQueue)
            .setWorkflowId("source-crash-" + i + "-" + UUID.randomUUID()).build());
        runs.add(WorkflowClient.start(sleeper::sleep, 3_000L));
      }
      // the state the test names: the runs are open, their timers pending, and the standby has their starts
      for (WorkflowExecution run : runs) {
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100)).until(() -> historyOrEmpty(clusters.standby(), namespace, run)
            .stream().anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED));
      }
      clusters.group().cluster("active").crashAndRestart("history");
      for (WorkflowExecution run : runs) {
        assertThat(client.newUntypedWorkflowStub(run.getWorkflowId()).getResult(String.class)).isEqualTo("slept true");
      }
      assertReplicated(namespace, runs);
    } finally {
      worker.shutdownNow();
    }
  }

  private static List<WorkflowExecution> runSleepers(String namespace, String taskQueue, long millis) {
    WorkflowClient client = client(clusters.active(), namespace);
    List<WorkflowExecution> runs = new ArrayList<>();
    for (int i = 0; i < WORKFLOWS; i++) {
      Sleeper sleeper = client.newWorkflowStub(Sleeper.class, WorkflowOptions.newBuilder().setTaskQueue(taskQueue)
          .setWorkflowId("run-" + i + "-" + UUID.randomUUID()).build());
      assertThat(sleeper.sleep(millis)).isEqualTo("slept true");
      runs.add(io.temporal.client.WorkflowStub.fromTyped(sleeper).getExecution());
    }
    return runs;
  }

  /** Every run's history on the standby equals the active's, and its event ids run 1..n without a gap or repeat. */
  private static void assertReplicated(String namespace, List<WorkflowExecution> runs) {
    for (WorkflowExecution run : runs) {
      List<HistoryEvent> source = history(clusters.active(), namespace, run);
      List<HistoryEvent> replica = await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100))
          .until(() -> historyOrEmpty(clusters.standby(), namespace, run), events -> events.size() == source.size());
      assertThat(replica).isEqualTo(source);
      for (int i = 0; i < replica.size(); i++) {
        assertThat(replica.get(i).getEventId()).isEqualTo(i + 1);
      }
    }
  }
}
