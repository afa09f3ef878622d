package dev.conduit.it.multicluster;

import static dev.conduit.it.support.TwoClusters.CONVERGE;
import static dev.conduit.it.support.TwoClusters.activeClusterOn;
import static dev.conduit.it.support.TwoClusters.awaitHistory;
import static dev.conduit.it.support.TwoClusters.client;
import static dev.conduit.it.support.TwoClusters.closed;
import static dev.conduit.it.support.TwoClusters.count;
import static dev.conduit.it.support.TwoClusters.history;
import static dev.conduit.it.support.TwoClusters.last;
import static dev.conduit.it.support.TwoClusters.worker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.conduit.it.support.TwoClusters;
import dev.conduit.proto.admin.v1.AdminServiceGrpc;
import dev.conduit.proto.admin.v1.GetWorkflowExecutionRawHistoryRequest;
import dev.conduit.proto.admin.v1.GetWorkflowExecutionRawHistoryResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.replication.v1.NamespaceReplicationConfig;
import io.temporal.api.workflowservice.v1.UpdateNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A split brain between two clusters as separate processes: replication stopped both ways, a forced failover on
 * the standby, signals accepted on both sides, replication restarted. Both clusters converge on the branch with
 * the higher failover version (the first cluster forks at the common ancestor), the losing branch's signal is
 * reapplied on the winner, and the workflow completes once, having seen every signal.
 */
class SplitBrainIT {
  @RegisterExtension
  static final TwoClusters clusters = new TwoClusters("noop");

  /** Collects signalled words until "done"; returns them in the order it got them. */
  @WorkflowInterface
  public interface Collector {
    @WorkflowMethod
    List<String> collect();

    @SignalMethod
    void add(String word);
  }

  public static class CollectorImpl implements Collector {
    private final List<String> words = new ArrayList<>();

    @Override
    public List<String> collect() {
      Workflow.await(() -> words.contains("done"));
      return words.subList(0, words.indexOf("done"));
    }

    @Override
    public void add(String word) {
      words.add(word);
    }
  }

  @Test
  void bothSidesConvergeOnTheHigherVersionAndTheLosersSignalIsReapplied() throws Exception {
    String namespace = clusters.registerGlobal("split");
    String taskQueue = "split-" + UUID.randomUUID();
    WorkerFactory onActive = worker(clusters.active(), namespace, taskQueue, List.of(CollectorImpl.class));
    WorkerFactory onStandby = worker(clusters.standby(), namespace, taskQueue, List.of(CollectorImpl.class));
    var activeReplication = clusters.group().cluster("active").service("replication");
    var standbyReplication = clusters.group().cluster("standby").service("replication");
    try {
      String workflowId = "split-" + UUID.randomUUID();
      Collector collector = client(clusters.active(), namespace).newWorkflowStub(Collector.class,
          WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(workflowId).build());
      WorkflowExecution execution = WorkflowClient.start(collector::collect);
      signal(clusters.active(), namespace, workflowId, "before");
      // the state the test names: the standby has the run up to the signal's workflow task, nothing in flight
      awaitHistory(clusters.standby(), namespace, execution, events ->
          count(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) == 1
              && last(events).getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);

      activeReplication.stop();
      standbyReplication.stop();
      List<HistoryEvent> losing;
      try {
        // forced failover on the standby, which the first cluster does not hear of: both accept writes
        clusters.standby().blockingStub().updateNamespace(UpdateNamespaceRequest.newBuilder().setNamespace(namespace)
            .setReplicationConfig(NamespaceReplicationConfig.newBuilder().setActiveClusterName("standby")).build());
        signal(clusters.active(), namespace, workflowId, "on-first");
        signal(clusters.standby(), namespace, workflowId, "on-second");
        losing = awaitHistory(clusters.active(), namespace, execution, events ->
            last(events).getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED
                && count(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) == 2);
        awaitHistory(clusters.standby(), namespace, execution, events ->
            last(events).getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED
                && count(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) == 2);
        assertThat(activeClusterOn(clusters.active(), namespace)).isEqualTo("active");
      } finally {
        activeReplication.start(Duration.ofMinutes(2));
        standbyReplication.start(Duration.ofMinutes(2));
      }

      await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200))
          .until(() -> activeClusterOn(clusters.active(), namespace).equals("standby"));
      // the winner (version 2) got the loser's signal again, as a new event
      awaitHistory(clusters.standby(), namespace, execution, events ->
          count(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) == 3);
      signal(clusters.standby(), namespace, workflowId, "done");

      List<HistoryEvent> winner = awaitHistory(clusters.standby(), namespace, execution, TwoClusters::closed);
      assertThat(count(winner, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)).isEqualTo(1);
      @SuppressWarnings("unchecked")
      List<String> words = client(clusters.standby(), namespace).newUntypedWorkflowStub(workflowId).getResult(List.class);
      assertThat(words).containsExactlyInAnyOrder("before", "on-first", "on-second");
      assertThat(words.get(0)).isEqualTo("before");
      List<HistoryEvent> converged = awaitHistory(clusters.active(), namespace, execution,
          events -> events.size() == winner.size() && closed(events));
      assertThat(converged).isEqualTo(winner);
      assertThat(history(clusters.active(), namespace, execution)).isEqualTo(winner);
      // the first cluster forked: the admin API reads either branch, named by its last event and version
      HistoryEvent losingEnd = last(losing);
      assertThat(rawHistory(namespace, execution, 0, 0)).isEqualTo(winner);
      assertThat(rawHistory(namespace, execution, losingEnd.getEventId(), losingEnd.getVersion())).isEqualTo(losing);
    } finally {
      onActive.shutdownNow();
      onStandby.shutdownNow();
    }
  }

  /** The first cluster's raw history of the run up to the given event (0: its current branch to the end). */
  private static List<HistoryEvent> rawHistory(String namespace, WorkflowExecution execution, long lastEventId,
      long lastEventVersion) throws Exception {
    ManagedChannel channel = ManagedChannelBuilder.forTarget(clusters.group().cluster("active").frontendTarget())
        .usePlaintext().build();
    try {
      List<HistoryEvent> events = new ArrayList<>();
      GetWorkflowExecutionRawHistoryRequest.Builder request = GetWorkflowExecutionRawHistoryRequest.newBuilder()
          .setNamespace(namespace).setWorkflowId(execution.getWorkflowId()).setRunId(execution.getRunId())
          .setEndEventId(lastEventId).setEndEventVersion(lastEventVersion).setMaximumPageSize(2);
      do {
        GetWorkflowExecutionRawHistoryResponse page = AdminServiceGrpc.newBlockingStub(channel)
            .getWorkflowExecutionRawHistory(request.build());
        for (ByteString event : page.getEventsList()) {
          events.add(HistoryEvent.parseFrom(event));
        }
        request.setNextPageToken(page.getNextPageToken());
      } while (!request.getNextPageToken().isEmpty());
      return events;
    } finally {
      channel.shutdownNow();
    }
  }

  private static void signal(WorkflowServiceStubs stubs, String namespace, String workflowId, String word) {
    await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).ignoreExceptionsMatching(TwoClusters::notActive)
        .until(() -> {
          client(stubs, namespace).newUntypedWorkflowStub(workflowId).signal("add", word);
          return true;
        });
  }
}
