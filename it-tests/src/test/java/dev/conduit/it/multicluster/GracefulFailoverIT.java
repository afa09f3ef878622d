package dev.conduit.it.multicluster;

import static dev.conduit.it.support.TwoClusters.CONVERGE;
import static dev.conduit.it.support.TwoClusters.activeClusterOn;
import static dev.conduit.it.support.TwoClusters.awaitHistory;
import static dev.conduit.it.support.TwoClusters.client;
import static dev.conduit.it.support.TwoClusters.count;
import static dev.conduit.it.support.TwoClusters.history;
import static dev.conduit.it.support.TwoClusters.historyOrEmpty;
import static dev.conduit.it.support.TwoClusters.worker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.conduit.deploy.admin.AdminCallException;
import dev.conduit.deploy.admin.AdminClient;
import dev.conduit.deploy.admin.ReplicationVerify;
import dev.conduit.it.support.TwoClusters;
import dev.conduit.proto.admin.v1.FailoverNamespaceResponse;
import dev.conduit.proto.admin.v1.GetReplicationStatusResponse;
import dev.conduit.proto.admin.v1.RemoteClusterReplicationStatus;
import dev.conduit.proto.admin.v1.ShardReplicationStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Graceful failover ({@code conduit admin namespaces failover --graceful}) between two clusters as separate
 * processes, with the official Java SDK: signals keep coming through the failover and none is lost or doubled,
 * both clusters end with the same history event by event, and the replication status shows per-shard progress; a
 * target that cannot catch up (its replication service stopped) makes the failover time out while writes are
 * answered UNAVAILABLE "Namespace replication in HANDOVER state.", and the namespace stays where it was.
 */
class GracefulFailoverIT {
  @RegisterExtension
  static final TwoClusters clusters = new TwoClusters("all-apis-forwarding");

  /** The run's result; a run that does not complete fails the test with both clusters' copies of its history. */
  @SuppressWarnings("unchecked")
  private List<String> resultOf(WorkflowClient client, String namespace, WorkflowExecution run) {
    try {
      return client.newUntypedWorkflowStub(run.getWorkflowId()).getResult(2, TimeUnit.MINUTES, List.class);
    } catch (TimeoutException e) {
      throw new AssertionError("run " + run.getWorkflowId() + " did not complete on the new active cluster; its history"
          + " there: " + outline(historyOrEmpty(clusters.standby(), namespace, run)) + "\non the first cluster: "
          + outline(historyOrEmpty(clusters.active(), namespace, run)), e);
    }
  }

  private static String outline(List<HistoryEvent> events) {
    return events.stream()
        .map(event -> event.getEventId() + " " + event.getEventType().name().substring("EVENT_TYPE_".length())
            + " v" + event.getVersion())
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /** Collects signalled ids until told to stop; returns them in the order received. */
  @WorkflowInterface
  public interface Collector {
    @WorkflowMethod
    List<String> collect();

    @SignalMethod
    void add(String id);

    @SignalMethod
    void stop();
  }

  public static class CollectorImpl implements Collector {
    private final List<String> received = new ArrayList<>();
    private boolean stopped;

    @Override
    public List<String> collect() {
      Workflow.await(() -> stopped);
      return received;
    }

    @Override
    public void add(String id) {
      received.add(id);
    }

    @Override
    public void stop() {
      stopped = true;
    }
  }

  @Test
  void signalsSentThroughAGracefulFailoverAreAllThereOnceAndBothClustersAgree() throws Exception {
    String namespace = clusters.registerGlobal("graceful");
    String taskQueue = "graceful-" + UUID.randomUUID();
    WorkerFactory onActive = worker(clusters.active(), namespace, taskQueue, List.of(CollectorImpl.class));
    WorkerFactory onStandby = worker(clusters.standby(), namespace, taskQueue, List.of(CollectorImpl.class));
    AtomicBoolean sending = new AtomicBoolean(true);
    try (AdminClient admin = AdminClient.connect(clusters.group().cluster("active").frontendTarget());
        AdminClient standbyAdmin = AdminClient.connect(clusters.group().cluster("standby").frontendTarget())) {
      WorkflowClient client = client(clusters.active(), namespace);
      List<WorkflowExecution> runs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Collector collector = client.newWorkflowStub(Collector.class, WorkflowOptions.newBuilder()
            .setTaskQueue(taskQueue).setWorkflowId("collector-" + i + "-" + UUID.randomUUID()).build());
        runs.add(WorkflowClient.start(collector::collect));
      }
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      Set<String> attempted = ConcurrentHashMap.newKeySet();
      AtomicInteger next = new AtomicInteger();
      // a client of the first cluster signals all along: UNAVAILABLE during the handover is retried by the SDK,
      // and after the switch its calls are forwarded to the new active cluster
      CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
        while (sending.get()) {
          int n = next.getAndIncrement();
          WorkflowExecution run = runs.get(n % runs.size());
          String id = "signal-" + n;
          attempted.add(id);
          try {
            client.newUntypedWorkflowStub(run.getWorkflowId()).signal("add", id);
            acknowledged.add(id);
          } catch (RuntimeException e) {
            // refused or unknown outcome: attempted, not acknowledged
          }
        }
      });
      // the state the test names: signals flow and reach the standby before the failover
      for (WorkflowExecution run : runs) {
        awaitHistory(clusters.standby(), namespace, run,
            events -> count(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) >= 2);
      }

      FailoverNamespaceResponse response = admin.gracefulFailover(namespace, "standby", Duration.ofSeconds(60));

      assertThat(response.getGraceful()).isTrue();
      assertThat(response.getPreviousActiveCluster()).isEqualTo("active");
      assertThat(response.getNamespace().getReplication().getActiveCluster()).isEqualTo("standby");
      assertThat(response.getNamespace().getReplication().getReplicationState()).isEqualTo("normal");
      await().atMost(CONVERGE).until(() -> activeClusterOn(clusters.standby(), namespace).equals("standby"));
      int atSwitch = acknowledged.size();
      // signals keep arriving through the new active cluster before the sender stops
      await().atMost(CONVERGE).until(() -> acknowledged.size() >= atSwitch + 8);
      sending.set(false);
      sender.get();

      WorkflowClient onNewActive = client(clusters.standby(), namespace);
      Set<String> received = new HashSet<>();
      for (WorkflowExecution run : runs) {
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
          onNewActive.newUntypedWorkflowStub(run.getWorkflowId()).signal("stop");
          return true;
        });
        List<String> ids = resultOf(onNewActive, namespace, run);
        assertThat(ids).as("no signal doubled").doesNotHaveDuplicates();
        received.addAll(ids);
        List<HistoryEvent> newActiveCopy = history(clusters.standby(), namespace, run);
        List<HistoryEvent> firstCopy = awaitHistory(clusters.active(), namespace, run,
            events -> events.size() == newActiveCopy.size());
        assertThat(firstCopy).as("both clusters hold the same history").isEqualTo(newActiveCopy);
        assertVersionsNeverGoBack(newActiveCopy);
        assertThat(newActiveCopy.get(newActiveCopy.size() - 1).getVersion()).as("completed on the new active").isEqualTo(2);
      }
      assertThat(received).as("every acknowledged signal arrived").containsAll(acknowledged);
      assertThat(attempted).as("nothing arrived that was not sent").containsAll(received);

      // per-shard progress: the first cluster published to the standby, the standby applied from the first
      GetReplicationStatusResponse fromActive = admin.replicationStatus();
      assertThat(shards(fromActive, "standby")).anyMatch(shard -> shard.getLastPublishedTaskId() > 0);
      GetReplicationStatusResponse fromStandby = standbyAdmin.replicationStatus();
      assertThat(shards(fromStandby, "active")).anyMatch(shard -> shard.getLastAppliedTaskId() > 0
          && shard.hasLastAppliedTaskTime() && shard.hasApplyLag());
    } finally {
      sending.set(false);
      onActive.shutdownNow();
      onStandby.shutdownNow();
    }
  }

  @Test
  void aTargetThatCannotCatchUpTimesOutWhileWritesWaitAndTheNamespaceStaysActiveWhereItWas() throws Exception {
    String namespace = clusters.registerGlobal("graceful-timeout");
    String taskQueue = "graceful-timeout-" + UUID.randomUUID();
    WorkerFactory onActive = worker(clusters.active(), namespace, taskQueue, List.of(CollectorImpl.class));
    var replication = clusters.group().cluster("standby").service("replication");
    AdminClient standbyAdmin = AdminClient.connect(clusters.group().cluster("standby").frontendTarget());
    try (AdminClient admin = AdminClient.connect(clusters.group().cluster("active").frontendTarget())) {
      WorkflowClient client = client(clusters.active(), namespace);
      Collector collector = client.newWorkflowStub(Collector.class, WorkflowOptions.newBuilder()
          .setTaskQueue(taskQueue).setWorkflowId("held-" + UUID.randomUUID()).build());
      WorkflowExecution run = WorkflowClient.start(collector::collect);
      awaitHistory(clusters.standby(), namespace, run, events -> !events.isEmpty());
      replication.kill();
      client.newUntypedWorkflowStub(run.getWorkflowId()).signal("add", "before");
      // the state the test names: a replication backlog, the standby lacks the signal (on the active it may wait
      // as a buffered event while the first workflow task is still with the worker)
      awaitHistory(clusters.active(), namespace, run,
          events -> count(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) == 1);
      assertThat(count(historyOrEmpty(clusters.standby(), namespace, run), EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)).isZero();
      // replication verify names the run the standby lags on
      ReplicationVerify.Report behind = ReplicationVerify.verify(admin, standbyAdmin, namespace, 200);
      assertThat(behind.runs()).isEqualTo(1);
      assertThat(behind.differences()).singleElement().satisfies(difference -> {
        assertThat(difference.runId()).isEqualTo(run.getRunId());
        assertThat(difference.what()).contains("events on active").contains("on standby");
      });

      CompletableFuture<AdminCallException> failover = CompletableFuture.supplyAsync(() -> catchThrowableOfType(
          () -> admin.gracefulFailover(namespace, "standby", Duration.ofSeconds(8)), AdminCallException.class));
      // while the handover waits, a write (straight to the frontend, without the SDK's retries) is refused, retryable
      StatusRuntimeException refused = await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(100))
          .until(() -> signalOnce(namespace, run), error -> error != null);
      assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(refused.getStatus().getDescription()).startsWith("Namespace replication in HANDOVER state.");

      AdminCallException timedOut = failover.get();
      assertThat(timedOut).as("the failover timed out").isNotNull();
      assertThat(timedOut.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
      assertThat(timedOut.getMessage()).contains("graceful failover of namespace " + namespace + " to standby timed out")
          .contains("cluster standby applied shard").contains("stays active in active");
      assertThat(activeClusterOn(clusters.active(), namespace)).isEqualTo("active");
      assertThat(admin.describeNamespace(namespace).getReplication().getReplicationState()).isEqualTo("normal");
      // writes are taken again on the first cluster (by history too once its namespace cache refreshed)
      await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100)).until(() -> signalOnce(namespace, run) == null);
    } finally {
      replication.start(Duration.ofMinutes(2));
      onActive.shutdownNow();
    }
    try (AdminClient admin = AdminClient.connect(clusters.group().cluster("active").frontendTarget())) {
      // once replication runs again the two copies agree, event by event
      ReplicationVerify.Report caughtUp = await().atMost(CONVERGE).pollInterval(Duration.ofMillis(500))
          .until(() -> ReplicationVerify.verify(admin, standbyAdmin, namespace, 200), ReplicationVerify.Report::identical);
      assertThat(caughtUp.historiesCompared()).isEqualTo(1);
    } finally {
      standbyAdmin.close();
    }
  }

  /** One signal through the raw stub: null if taken, else the refusal. */
  private static StatusRuntimeException signalOnce(String namespace, WorkflowExecution run) {
    try {
      clusters.active().blockingStub().signalWorkflowExecution(SignalWorkflowExecutionRequest.newBuilder()
          .setNamespace(namespace).setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(run.getWorkflowId()))
          .setSignalName("add").setRequestId(UUID.randomUUID().toString())
          .setInput(DefaultDataConverter.newDefaultInstance().toPayloads("raw-" + UUID.randomUUID()).orElse(Payloads.getDefaultInstance()))
          .build());
      return null;
    } catch (StatusRuntimeException e) {
      return e;
    }
  }

  private static void assertVersionsNeverGoBack(List<HistoryEvent> events) {
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i).getVersion()).as("version of event %d", events.get(i).getEventId())
          .isGreaterThanOrEqualTo(events.get(i - 1).getVersion());
      assertThat(events.get(i).getEventId()).isEqualTo(i + 1);
    }
  }

  private static List<ShardReplicationStatus> shards(GetReplicationStatusResponse status, String remote) {
    return status.getRemoteClustersList().stream().filter(r -> r.getCluster().equals(remote))
        .map(RemoteClusterReplicationStatus::getShardsList).findFirst().orElse(List.of());
  }
}
