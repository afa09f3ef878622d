package dev.conduit.it.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conduit.common.ShardIds;
import dev.conduit.history.shard.ShardPlacement;
import dev.conduit.membership.HashRing;
import dev.conduit.membership.Member;
import dev.conduit.persistence.matching.TaskQueueId;
import dev.conduit.proto.matching.v1.TaskQueueType;
import dev.conduit.it.support.TestCluster;
import dev.conduit.proto.admin.v1.AdminServiceGrpc;
import dev.conduit.proto.admin.v1.DescribeMembershipRequest;
import dev.conduit.proto.admin.v1.DescribeMembershipResponse;
import dev.conduit.proto.admin.v1.HistoryHostInfo;
import dev.conduit.proto.history.v1.ShardQueueState;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several hosts per role as separate processes on real Consul and Cassandra: 2 frontends, 3 history hosts and 2
 * matching hosts, host k on loopback address 127.0.0.k. Every shard is served exactly once (asked of the hosts
 * through the admin API); a history or matching host killed with SIGKILL while workflows have timers pending and
 * activities running loses nothing; a history host added under load takes shards; a frontend killed while the Java
 * SDK reaches the frontends through the {@code consul://} resolver leaves the client working through the other; the
 * seed's Go sample runs through Consul DNS ({@code dns://127.0.0.1:8600/...}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiHostIT {
  private static final Logger log = LoggerFactory.getLogger(MultiHostIT.class);
  private static final int SHARDS = 16;
  private static final Duration SETTLE = Duration.ofSeconds(60);

  private static TestCluster cluster;
  private static WorkflowServiceStubs stubs;
  private static WorkflowClient client;
  private static final List<WorkerFactory> workers = new ArrayList<>();
  private static String namespaceId;

  @ActivityInterface
  public interface Work {
    String work(String input);
  }

  public static class WorkImpl implements Work {
    @Override
    public String work(String input) {
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return input + "+worked";
    }
  }

  @WorkflowInterface
  public interface WorkThenSleep {
    @WorkflowMethod
    String run(String input);
  }

  /** An activity, then a 3 s timer, then another activity: at any moment some runs wait on a timer, some on work. */
  public static class WorkThenSleepImpl implements WorkThenSleep {
    private final Work work = Workflow.newActivityStub(Work.class,
        ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

    @Override
    public String run(String input) {
      String first = work.work(input);
      Workflow.sleep(Duration.ofSeconds(3));
      return work.work(first);
    }
  }

  @BeforeAll
  static void startCluster() {
    cluster = TestCluster.startWithHosts(Map.of("frontend", 2, "history", 3, "matching", 2), SHARDS);
    // the Java SDK reaches the frontends through Consul: every healthy frontend, round-robin
    stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
        .setTarget("consul://127.0.0.1:8500/" + cluster.consulService("frontend")).build());
    client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace(TestCluster.NAMESPACE).build());
    namespaceId = stubs.blockingStub().describeNamespace(DescribeNamespaceRequest.newBuilder()
        .setNamespace(TestCluster.NAMESPACE).build()).getNamespaceInfo().getId();
  }

  @AfterAll
  static void stopCluster() {
    workers.forEach(WorkerFactory::shutdownNow);
    if (stubs != null) {
      stubs.shutdownNow();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void everyShardIsServedOnceByTheHostTheRingNames() {
    DescribeMembershipResponse membership = awaitShardsServedOnce(3);

    assertThat(membership.getHistoryHostsList()).extracting(HistoryHostInfo::getAddress).containsExactlyInAnyOrder(
        "127.0.0.1:" + port(membership, 0), "127.0.0.2:" + port(membership, 0), "127.0.0.3:" + port(membership, 0));
    // each host serves what a ring of all three gives it: with some ports that is nothing (about 3 in 1000)
    HashRing ring = HashRing.of(membership.getHistoryHostsList().stream().map(h -> member(h.getIdentity())).toList());
    for (HistoryHostInfo host : membership.getHistoryHostsList()) {
      List<Integer> named = IntStream.range(0, SHARDS)
          .filter(shard -> ring.owner(Integer.toString(shard)).orElseThrow().id().equals(host.getIdentity()))
          .boxed().toList();
      assertThat(host.getOwnedShardsList()).as(host.getIdentity()).containsExactlyElementsOf(named);
      assertThat(host.getShardQueuesList()).extracting(ShardQueueState::getShardId)
          .as("shards whose queues %s reports", host.getIdentity()).containsExactlyElementsOf(named);
    }
    assertThat(membership.getMatchingHostsList()).hasSize(2);
  }

  @Test
  @Order(2)
  void aHistoryHostKilledWithTimersPendingAndActivitiesRunningLosesNothing() throws Exception {
    String taskQueue = startWorker("multi-history");
    List<String> ids = startWorkflows(taskQueue, 24);
    DescribeMembershipResponse before = awaitShardsServedOnce(3);
    HistoryHostInfo victim = hostAt(before, "127.0.0.2");
    // the state the test names: runs of the victim's shards with a timer pending or an activity running
    awaitBusyRunsOn(ids, Set.copyOf(victim.getOwnedShardsList()));

    long killedAt = System.nanoTime();
    cluster.service("history-2").kill();
    DescribeMembershipResponse after = awaitShardsServedOnce(2);
    log.info("history-2 killed: its shards {} served by the others after {} ms", victim.getOwnedShardsList(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
    assertThat(after.getHistoryHostsList()).extracting(HistoryHostInfo::getIdentity).doesNotContain(victim.getIdentity());

    assertAllCompletedExactlyOnce(ids);
    cluster.service("history-2").start(Duration.ofMinutes(2));
    awaitShardsServedOnce(3);
  }

  @Test
  @Order(3)
  void aMatchingHostKilledWhileTasksFlowLosesNothing() throws Exception {
    // a task queue whose workflow and activity queues the matching ring gives the host about to be killed
    List<Member> matching = membership().getMatchingHostsList().stream().map(MultiHostIT::member).toList();
    HashRing ring = HashRing.of(matching);
    String victim = matching.stream().filter(m -> m.host().equals("127.0.0.2")).findFirst().orElseThrow().id();
    String taskQueue;
    do {
      taskQueue = "multi-matching-" + UUID.randomUUID();
    } while (!ownedBy(ring, victim, taskQueue, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
        || !ownedBy(ring, victim, taskQueue, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY));
    startWorkerOn(taskQueue);
    List<String> ids = startWorkflows(taskQueue, 24);
    awaitBusyRunsOn(ids, allShards());

    cluster.service("matching-2").kill();
    await().atMost(SETTLE).until(() -> membership().getMatchingHostsCount() == 1);

    assertAllCompletedExactlyOnce(ids);
    cluster.service("matching-2").start(Duration.ofMinutes(2));
    await().atMost(SETTLE).until(() -> membership().getMatchingHostsCount() == 2);
  }

  @Test
  @Order(4)
  void aHistoryHostAddedUnderLoadTakesShardsAndNothingIsLost() throws Exception {
    String taskQueue = startWorker("multi-join");
    List<String> ids = startWorkflows(taskQueue, 24);
    awaitBusyRunsOn(ids, allShards());

    String joined = cluster.addHost("history");
    DescribeMembershipResponse after = awaitShardsServedOnce(4);
    assertThat(hostAt(after, "127.0.0.4").getOwnedShardsList()).as(joined + " serves shards").isNotEmpty();

    assertAllCompletedExactlyOnce(ids);
  }

  @Test
  @Order(5)
  void aFrontendKilledLeavesTheConsulResolvedClientWorkingThroughTheOther() throws Exception {
    String taskQueue = startWorker("multi-frontend");
    List<String> before = startWorkflows(taskQueue, 6);
    assertAllCompletedExactlyOnce(before);

    cluster.service("frontend").kill();
    // the same client, its channel resolved through Consul: the killed frontend leaves its address list
    List<String> after = startWorkflows(taskQueue, 6);
    assertAllCompletedExactlyOnce(after);
    cluster.service("frontend").start(Duration.ofMinutes(2));
  }

  @Test
  @Order(6)
  void theSeedsGoSampleRunsThroughConsulDns() throws Exception {
    Path sample = Path.of("src", "test", "go", "hello-dns").toAbsolutePath();
    Path binary = Path.of("target", "hello-dns").toAbsolutePath();
    run(sample, Duration.ofMinutes(5), "go", "build", "-o", binary.toString(), ".");
    String target = "dns://127.0.0.1:8600/" + cluster.consulService("frontend") + ".service.consul:" + cluster.frontendPort();

    String output = run(sample, Duration.ofMinutes(3), binary.toString(), "-target", target, "-count", "3",
        "-task-queue", "hello-world-" + UUID.randomUUID());

    assertThat(output).contains("Hello Temporal!").contains("completed 3");
  }

  private static String startWorker(String prefix) {
    return startWorkerOn(prefix + "-" + UUID.randomUUID());
  }

  private static String startWorkerOn(String taskQueue) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    factory.newWorker(taskQueue).registerWorkflowImplementationTypes(WorkThenSleepImpl.class);
    factory.getWorker(taskQueue).registerActivitiesImplementations(new WorkImpl());
    factory.start();
    workers.add(factory);
    return taskQueue;
  }

  /** Starts {@code count} runs whose ids are spread over the shards in turn, so every host's shards hold some. */
  private static List<String> startWorkflows(String taskQueue, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id;
      do {
        id = "multi-" + i + "-" + UUID.randomUUID();
      } while (ShardIds.shardOf(namespaceId, id, SHARDS) != i % SHARDS);
      WorkflowClient.start(client.newWorkflowStub(WorkThenSleep.class,
          WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(id).build())::run, id);
      ids.add(id);
    }
    return ids;
  }

  /** Waits until some run on {@code shards} has a timer pending or an activity started and not completed. */
  private static void awaitBusyRunsOn(List<String> ids, Set<Integer> shards) {
    List<String> onShards = ids.stream().filter(id -> shards.contains(ShardIds.shardOf(namespaceId, id, SHARDS))).toList();
    assertThat(onShards).as("runs on shards " + shards).isNotEmpty();
    await().atMost(SETTLE).pollInterval(Duration.ofMillis(100)).until(() -> onShards.stream().anyMatch(MultiHostIT::busy));
  }

  private static boolean busy(String id) {
    List<HistoryEvent> events = client.fetchHistory(id).getHistory().getEventsList();
    long count = events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED).count()
        - events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_FIRED).count()
        + events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED).count()
        - events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED).count();
    return count > 0;
  }

  private static void assertAllCompletedExactlyOnce(List<String> ids) throws Exception {
    for (String id : ids) {
      WorkflowStub stub = client.newUntypedWorkflowStub(id);
      assertThat(stub.getResult(120, TimeUnit.SECONDS, String.class)).isEqualTo(id + "+worked+worked");
      List<HistoryEvent> events = client.fetchHistory(id).getHistory().getEventsList();
      // a task lost with a killed host times out and is retried; none is failed by a worker that got a bad history
      assertThat(events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)).as(id).isEmpty();
      assertThat(events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)).as(id).hasSize(1);
      assertThat(events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_FIRED)).as(id).hasSize(1);
      assertThat(events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)).as(id).hasSize(2);
      for (int i = 0; i < events.size(); i++) {
        assertThat(events.get(i).getEventId()).as(id).isEqualTo(i + 1L);
      }
    }
  }

  /** Waits until {@code hosts} history hosts answer and every shard is served by exactly one, the ring's owner. */
  private static DescribeMembershipResponse awaitShardsServedOnce(int hosts) {
    DescribeMembershipResponse[] last = new DescribeMembershipResponse[1];
    await().atMost(SETTLE).pollInterval(Duration.ofMillis(50)).until(() -> {
      last[0] = membership();
      return last[0].getHistoryHostsCount() == hosts && last[0].getHistoryShardCount() == SHARDS
          && ShardPlacement.problems(last[0]).isEmpty();
    });
    return last[0];
  }

  /** The admin view of whichever frontend answers first (one of them may be down in a test). */
  private static DescribeMembershipResponse membership() {
    RuntimeException failure = null;
    for (String address : List.of("127.0.0.2", "127.0.0.1")) {
      ManagedChannel channel = ManagedChannelBuilder.forAddress(address, cluster.frontendPort()).usePlaintext().build();
      try {
        return AdminServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
            .describeMembership(DescribeMembershipRequest.getDefaultInstance());
      } catch (RuntimeException e) {
        failure = e;
      } finally {
        channel.shutdownNow();
      }
    }
    throw failure;
  }

  private static HistoryHostInfo hostAt(DescribeMembershipResponse membership, String address) {
    return membership.getHistoryHostsList().stream().filter(host -> host.getAddress().startsWith(address + ":")).findFirst()
        .orElseThrow(() -> new AssertionError("no history host at " + address + " in " + membership));
  }

  private static String port(DescribeMembershipResponse membership, int host) {
    String address = membership.getHistoryHosts(host).getAddress();
    return address.substring(address.indexOf(':') + 1);
  }

  /** A matching host's identity, {@code matching@127.0.0.2:7235}, as a ring member. */
  private static Member member(String identity) {
    String address = identity.substring(identity.indexOf('@') + 1);
    return new Member(identity, address.substring(0, address.lastIndexOf(':')),
        Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
  }

  private static boolean ownedBy(HashRing ring, String host, String taskQueue, TaskQueueType type) {
    String key = TaskQueueId.ringKey(namespaceId, taskQueue, type.getNumber(), false);
    return ring.owner(key).map(Member::id).filter(host::equals).isPresent();
  }

  private static Set<Integer> allShards() {
    Set<Integer> all = new HashSet<>();
    for (int shard = 0; shard < SHARDS; shard++) {
      all.add(shard);
    }
    return all;
  }

  private static String run(Path dir, Duration timeout, String... command) throws IOException, InterruptedException {
    Path output = Files.createTempFile("multi-host-", ".log");
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(output.toFile()).start();
    boolean done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!done) {
      process.destroyForcibly();
    }
    String text = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(done && process.exitValue() == 0).as(String.join(" ", command) + " succeeds; output:\n" + text).isTrue();
    return text.lines().filter(line -> !line.contains(" DEBUG ") && !line.contains(" INFO ")).collect(Collectors.joining("\n"));
  }
}
