package dev.conduit.history.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.history.HistoryServer;
import dev.conduit.history.testing.FixedNamespaces;
import dev.conduit.history.testing.InMemoryExecutionStore;
import dev.conduit.history.testing.InMemoryShardStore;
import dev.conduit.history.testing.RecordingMatchingClient;
import dev.conduit.proto.history.v1.GetReplicationTasksRequest;
import dev.conduit.proto.history.v1.GetReplicationTasksResponse;
import dev.conduit.proto.history.v1.HistoryServiceGrpc;
import dev.conduit.proto.history.v1.ReplicationTask;
import dev.conduit.proto.history.v1.StartWorkflowExecutionRequest;
import dev.conduit.proto.history.v1.UpdateReplicationAckLevelRequest;
import dev.conduit.proto.persistence.v1.HistoryReplicationTask;
import dev.conduit.proto.persistence.v1.ReplicationTaskData;
import dev.conduit.proto.persistence.v1.ReplicationTaskData.TaskCase;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GetReplicationTasks and UpdateReplicationAckLevel over real gRPC, as the replication publisher calls them. */
class ReplicationApiGrpcTest {
  private static final String NS = "ns-global";
  private static final int SHARDS = 4;
  private final InMemoryShardStore shardStore = new InMemoryShardStore();
  private final InMemoryExecutionStore store = new InMemoryExecutionStore(shardStore);
  private HistoryServer server;
  private ManagedChannel channel;
  private HistoryServiceGrpc.HistoryServiceBlockingStub stub;

  @BeforeEach
  void start() {
    FixedNamespaces namespaces = new FixedNamespaces().inCluster("east").addGlobal(NS, "global", 1, List.of("east", "west"));
    server = new HistoryServer(shardStore, store, new RecordingMatchingClient(), namespaces, SHARDS, null, "host-a",
        Clock.systemUTC()).start();
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    stub = HistoryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  private String startWorkflow(String workflowId) throws Exception {
    io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest request =
        io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest.newBuilder()
            .setNamespace("global").setWorkflowId(workflowId).setRequestId("req-" + workflowId)
            .setWorkflowType(WorkflowType.newBuilder().setName("T")).setTaskQueue(TaskQueue.newBuilder().setName("q"))
            .build();
    return StartWorkflowExecutionResponse.parseFrom(stub.startWorkflowExecution(StartWorkflowExecutionRequest.newBuilder()
        .setNamespaceId(NS).setRequest(request.toByteString()).build()).getResponse()).getRunId();
  }

  private GetReplicationTasksResponse read(int shard, String cluster) {
    return stub.getReplicationTasks(GetReplicationTasksRequest.newBuilder()
        .setShardId(shard).setClusterName(cluster).setPageSize(100).build());
  }

  @Test
  void remoteReadsTheStartsHistoryTaskAndAcksItAway() throws Exception {
    String runId = startWorkflow("g-1");
    List<ReplicationTaskData> found = new ArrayList<>();
    int shardOfRun = -1;
    for (int shard = 0; shard < SHARDS; shard++) {
      for (ReplicationTask task : read(shard, "west").getTasksList()) {
        ReplicationTaskData data = ReplicationTaskData.parseFrom(task.getData());
        if (data.getTaskCase() == TaskCase.HISTORY && data.getHistory().getRunId().equals(runId)) {
          found.add(data);
          shardOfRun = shard;
        }
      }
    }
    assertThat(found).hasSize(1);
    HistoryReplicationTask history = found.get(0).getHistory();
    assertThat(history.getWorkflowId()).isEqualTo("g-1");
    assertThat(history.getFirstEventId()).isEqualTo(1);
    assertThat(history.getVersion()).isEqualTo(1);

    GetReplicationTasksResponse page = read(shardOfRun, "west");
    stub.updateReplicationAckLevel(UpdateReplicationAckLevelRequest.newBuilder()
        .setShardId(shardOfRun).setClusterName("west").setAckLevel(page.getLastReadTaskId()).build());
    assertThat(read(shardOfRun, "west").getTasksList()).isEmpty();
    assertThat(store.replicationTasks(shardOfRun)).as("the only remote acked them").isEmpty();
  }

  @Test
  void requestWithoutClusterIsInvalid() {
    assertThatThrownBy(() -> read(0, "")).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }
}
