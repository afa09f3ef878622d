package dev.conduit.it.multicluster;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.conduit.it.support.TwoClusters.CONVERGE;
import static dev.conduit.it.support.TwoClusters.client;
import static dev.conduit.it.support.TwoClusters.history;
import static dev.conduit.it.support.TwoClusters.historyOrEmpty;
import static dev.conduit.it.support.TwoClusters.worker;
import static org.awaitility.Awaitility.await;

import dev.conduit.deploy.local.LocalDependencies;
import dev.conduit.it.support.RealServers;
import dev.conduit.it.support.Sleeper;
import dev.conduit.it.support.TwoClusters;
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
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Workflow replication through faults, two clusters as separate processes: the standby's replication process
 * killed with SIGKILL while the active runs workflows (a backlog in Kafka), the source's history process
 * killed and restarted while workflows run, and Kafka itself stopped for a minute while workflows run (a backlog in
 * the source's outbox). Afterwards every run's history on the standby equals the active's,
 * event by event: nothing missing, nothing twice.
 */
class ReplicationFaultsIT {
  private static final int WORKFLOWS = 10;
  /** How long Kafka stays down in the Kafka fault test (the "Kafka stopped 60 s"). */
  private static final Duration KAFKA_DOWN = Duration.ofSeconds(60);
  private static final Duration BATCH_EVERY = Duration.ofSeconds(4);
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

  @Test
  void kafkaStoppedForAMinuteWhileWorkflowsRunLosesAndDoublesNothing() {
    String namespace = clusters.registerGlobal("faults");
    String taskQueue = "kafka-down-" + UUID.randomUUID();
    WorkerFactory worker = worker(clusters.active(), namespace, taskQueue, List.of(Sleeper.Impl.class));
    List<WorkflowExecution> runs = new ArrayList<>();
    try {
      List<WorkflowExecution> before = runSleepers(namespace, taskQueue, 20);
      runs.addAll(before);
      // the state the test names: replication flows before the fault
      await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100))
          .until(() -> historyOrEmpty(clusters.standby(), namespace, before.get(before.size() - 1)).size() > 0);
      String registeredWhileDown;
      try {
        RealServers.stop(LocalDependencies.KAFKA);
        assertThat(RealServers.running(LocalDependencies.KAFKA)).isFalse();
        // a namespace registered while Kafka is down reaches the standby once Kafka is back
        registeredWhileDown = clusters.registerGlobalOnActive("kafka-down");
        // the active keeps running workflows for the whole minute Kafka is down; their replication waits
        long downUntil = System.nanoTime() + KAFKA_DOWN.toNanos();
        List<WorkflowExecution> during = new ArrayList<>();
        // a batch every BATCH_EVERY (about 150 runs): enough of a backlog, and a catch-up that stays short
        for (long batch = System.nanoTime(); batch < downUntil; batch += BATCH_EVERY.toNanos()) {
          LockSupport.parkNanos(batch - System.nanoTime());
          during.addAll(runSleepers(namespace, taskQueue, 20));
        }
        runs.addAll(during);
        assertThat(historyOrEmpty(clusters.standby(), namespace, during.get(during.size() - 1)))
            .as("a backlog: the last run has not reached the standby while Kafka is down").isEmpty();
      } finally {
        if (!RealServers.running(LocalDependencies.KAFKA)) {
          RealServers.restart(LocalDependencies.KAFKA);
        }
      }
      runs.addAll(runSleepers(namespace, taskQueue, 20));
      String id = describe(clusters.active(), registeredWhileDown).getNamespaceInfo().getId();
      await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
          .until(() -> describe(clusters.standby(), registeredWhileDown).getNamespaceInfo().getId().equals(id));
      assertReplicated(namespace, runs);
    } finally {
      worker.shutdownNow();
    }
  }

  private static io.temporal.api.workflowservice.v1.DescribeNamespaceResponse describe(WorkflowServiceStubs stubs, String name) {
    return stubs.blockingStub().describeNamespace(
        io.temporal.api.workflowservice.v1.DescribeNamespaceRequest.newBuilder().setNamespace(name).build());
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
