package dev.conduit.it.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.matching.MatchingServer;
import dev.conduit.persistence.matching.TaskQueueId;
import dev.conduit.proto.matching.v1.AddTaskRequest;
import dev.conduit.proto.matching.v1.MatchingServiceGrpc;
import dev.conduit.proto.matching.v1.PollRequest;
import dev.conduit.proto.matching.v1.PollWorkflowTaskQueueResponse;
import dev.conduit.proto.matching.v1.TaskQueueKey;
import dev.conduit.proto.matching.v1.TaskQueueType;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The matching service as its own gRPC server on the launcher's Cassandra, with history's gRPC API played
 * by an in-test server: health, sync match, long-poll expiry, cancelled polls and stale tasks, measured.
 */
class MatchingServerIT {
  private static final Duration LONG_POLL = Duration.ofSeconds(3);
  private static MatchingServerFixture fixture;
  private static MatchingKeyspace keyspace;
  private static CqlSession session;
  private static RecordingHistory history;
  private static MatchingServer matching;
  private static MatchingServiceGrpc.MatchingServiceBlockingStub stub;
  private static MatchingServiceGrpc.MatchingServiceFutureStub futureStub;

  @BeforeAll
  static void start() throws Exception {
    fixture = new MatchingServerFixture(LONG_POLL);
    keyspace = fixture.keyspace;
    session = fixture.session;
    history = fixture.history;
    matching = fixture.matching;
    stub = fixture.stub;
    futureStub = fixture.futureStub;
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void healthReportsServingForTheServerAndTheMatchingService() {
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(fixture.channel);
    assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);
    assertThat(health.check(HealthCheckRequest.newBuilder().setService(MatchingServiceGrpc.SERVICE_NAME).build()).getStatus())
        .isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void aWaitingPollerGetsTheTaskBySyncMatchAndNothingIsWritten() throws Exception {
    TaskQueueKey queue = newQueue();
    ListenableFuture<PollWorkflowTaskQueueResponse> poll = futureStub.pollWorkflowTaskQueue(poll(queue));
    awaitWaitingPollers(queue, 1);

    assertThat(stub.addWorkflowTask(add(queue, "wf-sync")).getSyncMatched()).isTrue();

    io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse task = decode(poll.get(5, TimeUnit.SECONDS));
    assertThat(task.getWorkflowExecution().getWorkflowId()).isEqualTo("wf-sync");
    assertThat(task.getStartedEventId()).isEqualTo(6);
    assertThat(storedTasks(queue)).isEmpty();
  }

  @Test
  void aPollWithNothingToDoAnswersEmptyWhenTheLongPollExpires() {
    long start = System.nanoTime();
    PollWorkflowTaskQueueResponse response = stub.withDeadlineAfter(30, TimeUnit.SECONDS).pollWorkflowTaskQueue(poll(newQueue()));
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(response.getResponse().isEmpty()).isTrue();
    // it waited out the long poll and answered by itself, well before the caller's 30 s deadline
    assertThat(elapsed).isGreaterThanOrEqualTo(LONG_POLL.toMillis() - 50).isLessThan(25_000);
  }

  @Test
  void aPollTheWorkerCancelledSwallowsNoTask() throws Exception {
    TaskQueueKey queue = newQueue();
    ListenableFuture<PollWorkflowTaskQueueResponse> gone = futureStub.pollWorkflowTaskQueue(poll(queue));
    awaitWaitingPollers(queue, 1);
    gone.cancel(true);
    awaitWaitingPollers(queue, 0);

    assertThat(stub.addWorkflowTask(add(queue, "wf-kept")).getSyncMatched()).isFalse();
    assertThat(storedTasks(queue)).containsExactly("wf-kept");
    assertThat(decode(stub.pollWorkflowTaskQueue(poll(queue))).getWorkflowExecution().getWorkflowId()).isEqualTo("wf-kept");
  }

  @Test
  void aTaskHistoryCallsStaleIsDroppedAndThePollerWaitsForTheNext() throws Exception {
    TaskQueueKey queue = newQueue();
    history.stale.add("wf-closed");
    ListenableFuture<PollWorkflowTaskQueueResponse> poll = futureStub.pollWorkflowTaskQueue(poll(queue));
    awaitWaitingPollers(queue, 1);

    assertThat(stub.addWorkflowTask(add(queue, "wf-closed")).getSyncMatched()).isTrue();
    awaitWaitingPollers(queue, 1);
    assertThat(stub.addWorkflowTask(add(queue, "wf-open")).getSyncMatched()).isTrue();

    assertThat(decode(poll.get(5, TimeUnit.SECONDS)).getWorkflowExecution().getWorkflowId()).isEqualTo("wf-open");
    assertThat(history.staleCalls).containsExactly("wf-closed");
    assertThat(storedTasks(queue)).isEmpty();
  }

  @Test
  void everySyncMatchReachesTheWaitingPollerAndIsMeasured() throws Exception {
    // Its own server with the longest long poll allowed, far beyond any stall of a loaded machine: the
    // poller a round waits for must still be waiting when the task arrives, or the round measures nothing.
    try (MatchingServer patient = fixture.newServer("it-host-patient", Duration.ofSeconds(60))) {
      ManagedChannel patientChannel = NettyChannelBuilder.forAddress("127.0.0.1", patient.port()).usePlaintext().build();
      try {
        MatchingServiceGrpc.MatchingServiceBlockingStub patientStub = MatchingServiceGrpc.newBlockingStub(patientChannel);
        MatchingServiceGrpc.MatchingServiceFutureStub patientFutures = MatchingServiceGrpc.newFutureStub(patientChannel);
        TaskQueueKey queue = newQueue();
        int rounds = 200;
        long[] syncNanos = new long[rounds];
        for (int i = 0; i < rounds; i++) {
          ListenableFuture<PollWorkflowTaskQueueResponse> poll = patientFutures.pollWorkflowTaskQueue(poll(queue));
          awaitWaitingPollers(patient, queue, 1);
          long start = System.nanoTime();
          assertThat(patientStub.addWorkflowTask(add(queue, "wf-sync-" + i)).getSyncMatched()).as("round %d", i).isTrue();
          syncNanos[i] = System.nanoTime() - start;
          assertThat(decode(poll.get(30, TimeUnit.SECONDS)).getWorkflowExecution().getWorkflowId()).isEqualTo("wf-sync-" + i);
        }
        assertThat(storedTasks(queue)).as("a sync-matched task is never written to the backlog").isEmpty();
        java.util.Arrays.sort(syncNanos);
        System.out.printf("MATCHING-METRICS sync match (AddWorkflowTask answered after history's RecordWorkflowTaskStarted): "
                + "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms over %d rounds%n",
            syncNanos[rounds / 2] / 1e6, syncNanos[rounds * 9 / 10] / 1e6, syncNanos[rounds * 99 / 100] / 1e6, rounds);
      } finally {
        patientChannel.shutdownNow();
      }
    }
  }

  @Test
  void aBacklogOfAThousandTasksReachesEightPollersExactlyOnceEach() throws Exception {
    TaskQueueKey backlog = newQueue();
    int tasks = 1_000;
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      long writeStart = System.nanoTime();
      List<Future<?>> adds = new ArrayList<>();
      for (int a = 0; a < 8; a++) {
        int adder = a;
        adds.add(threads.submit(() -> {
          for (int i = adder; i < tasks; i += 8) {
            assertThat(stub.addWorkflowTask(add(backlog, "wf-backlog-" + i)).getSyncMatched()).isFalse();
          }
        }));
      }
      for (Future<?> add : adds) {
        add.get(2, TimeUnit.MINUTES);
      }
      long writeNanos = System.nanoTime() - writeStart;

      // An empty answer only means a long poll expired; the pollers go on until every task has arrived.
      List<String> received = Collections.synchronizedList(new ArrayList<>());
      AtomicLong lastReceived = new AtomicLong();
      long dispatchStart = System.nanoTime();
      List<Future<?>> pollers = new ArrayList<>();
      for (int p = 0; p < 8; p++) {
        pollers.add(threads.submit(() -> {
          while (received.size() < tasks) {
            PollWorkflowTaskQueueResponse answer = stub.pollWorkflowTaskQueue(poll(backlog));
            if (!answer.getResponse().isEmpty()) {
              received.add(decode(answer).getWorkflowExecution().getWorkflowId());
              lastReceived.accumulateAndGet(System.nanoTime(), Math::max);
            }
          }
          return null;
        }));
      }
      for (Future<?> poller : pollers) {
        poller.get(3, TimeUnit.MINUTES);
      }
      long dispatchNanos = lastReceived.get() - dispatchStart;

      assertThat(received).hasSize(tasks).doesNotHaveDuplicates();
      assertThat(stub.pollWorkflowTaskQueue(poll(backlog)).getResponse().isEmpty()).as("nothing is delivered twice").isTrue();
      System.out.printf("MATCHING-METRICS backlog write: %d tasks from 8 threads in %d ms = %.0f tasks/s%n",
          tasks, TimeUnit.NANOSECONDS.toMillis(writeNanos), tasks / (writeNanos / 1e9));
      System.out.printf("MATCHING-METRICS backlog dispatch to 8 pollers: %d tasks in %d ms = %.0f tasks/s%n",
          tasks, TimeUnit.NANOSECONDS.toMillis(dispatchNanos), tasks / (dispatchNanos / 1e9));
    } finally {
      threads.shutdownNow();
    }
  }

  private static TaskQueueKey newQueue() {
    return TaskQueueKey.newBuilder().setNamespaceId(UUID.randomUUID().toString()).setName("server-it")
        .setType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW).build();
  }

  private static PollRequest poll(TaskQueueKey queue) {
    PollWorkflowTaskQueueRequest request = PollWorkflowTaskQueueRequest.newBuilder().setNamespace("default").setIdentity("it-worker").build();
    return PollRequest.newBuilder().setTaskQueue(queue).setRequest(request.toByteString()).setPollerId("it-worker").build();
  }

  private static AddTaskRequest add(TaskQueueKey queue, String workflowId) {
    return AddTaskRequest.newBuilder().setTaskQueue(queue).setWorkflowId(workflowId).setRunId("run-1").setScheduledEventId(5).build();
  }

  private static void awaitWaitingPollers(TaskQueueKey queue, int count) {
    awaitWaitingPollers(matching, queue, count);
  }

  private static void awaitWaitingPollers(MatchingServer server, TaskQueueKey queue, int count) {
    TaskQueueId id = new TaskQueueId(queue.getNamespaceId(), queue.getName(), queue.getType(), queue.getSticky());
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1)).until(() -> server.engine().waitingPollers(id) == count);
  }

  private static List<String> storedTasks(TaskQueueKey queue) {
    return keyspace.strings("SELECT workflow_id FROM {ks}.task_queues WHERE namespace_id = ? AND task_queue_name = ?"
        + " AND task_queue_type = 1 AND task_queue_kind = 1", queue.getNamespaceId(), queue.getName());
  }

  private static io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse decode(PollWorkflowTaskQueueResponse response) {
    assertThat(response.getResponse().isEmpty()).as("a task, not an empty answer").isFalse();
    try {
      return io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse.parseFrom(response.getResponse());
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
