package dev.conduit.it.multicluster;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.conduit.it.support.TwoClusters.CONVERGE;
import static dev.conduit.it.support.TwoClusters.client;
import static dev.conduit.it.support.TwoClusters.history;
import static dev.conduit.it.support.TwoClusters.historyOrEmpty;
import static dev.conduit.it.support.TwoClusters.worker;
import static org.awaitility.Awaitility.await;

import dev.conduit.config.HostPort;
import dev.conduit.deploy.admin.AdminClient;
import dev.conduit.deploy.local.LocalDependencies;
import dev.conduit.it.support.TestCluster;
import dev.conduit.membership.HashRing;
import dev.conduit.membership.Member;
import dev.conduit.membership.ServiceInstance;
import dev.conduit.membership.consul.ConsulServiceRegistry;
import dev.conduit.membership.consul.ConsulSettings;
import dev.conduit.proto.admin.v1.GetReplicationStatusResponse;
import dev.conduit.proto.admin.v1.ShardReplicationStatus;
import dev.conduit.replication.kafka.KafkaTopics;
import dev.conduit.replication.service.PublishingOwnership;
import dev.conduit.replication.service.ReplicationService;
import java.time.Instant;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
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
 * the source's outbox), and one of two replication hosts of each cluster killed (its shards and partitions move to
 * the other). Afterwards every run's history on the standby equals the active's, event by event: nothing missing,
 * nothing twice.
 */
class ReplicationFaultsIT {
  private static final int WORKFLOWS = 10;
  /** How long Kafka stays down in the Kafka fault test (the issue's "Kafka stopped 60 s"). */
  private static final Duration KAFKA_DOWN = Duration.ofSeconds(60);
  private static final Duration BATCH_EVERY = Duration.ofSeconds(4);
  /** History shards of the test clusters (the shipped configs'). */
  private static final int SHARDS = 4;
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

  /**
   * Two replication hosts per cluster: each source shard is published by the host the active's replication ring
   * names, the standby's two hosts share the topic's partitions (both apply some shards); then the first host of each
   * cluster is SIGKILLed while workflows run, and the second takes every shard on both sides with nothing lost.
   */
  @Test
  void twoReplicationHostsShareTheShardsAndAKilledHostsShardsMoveToTheOther() throws Exception {
    TestCluster active = clusters.group().cluster("active");
    TestCluster standby = clusters.group().cluster("standby");
    String namespace = clusters.registerGlobal("hosts");
    String taskQueue = "hosts-" + UUID.randomUUID();
    WorkerFactory worker = worker(clusters.active(), namespace, taskQueue, List.of(Sleeper.Impl.class));
    String activeSecond = active.addHost("replication");
    String standbySecond = standby.addHost("replication");
    List<WorkflowExecution> runs = new ArrayList<>();
    try (AdminClient activeAdmin = AdminClient.connect(active.frontendTarget());
        AdminClient standbyAdmin = AdminClient.connect(standby.frontendTarget());
        Admin kafka = Admin.create(KafkaTopics.adminProperties(List.of(new HostPort("127.0.0.1", LocalDependencies.KAFKA_PORT))))) {
      List<String> activeHosts = List.of(identity(active, "replication"), identity(active, activeSecond));
      List<String> standbyHosts = List.of(identity(standby, "replication"), identity(standby, standbySecond));
      HashRing ring = HashRing.of(activeHosts.stream().map(ReplicationFaultsIT::member).toList());
      awaitHealthy(active.consulService("replication"), activeHosts);
      String group = ReplicationService.consumerGroup(clusters.group().replicationTopic("standby", "active"));
      await().atMost(CONVERGE).pollInterval(Duration.ofMillis(500))
          .until(() -> partitionsPerMember(kafka, group), members -> members.size() == 2 && !members.contains(0));

      Instant before = Instant.now();
      runs.addAll(runSleepers(namespace, taskQueue, 10, 30));
      assertReplicated(namespace, runs);
      List<ShardReplicationStatus> published = everyShardSince(activeAdmin, "standby", before, true);
      // the state the test names: each shard published by the one host the ring names, both hosts applying on the standby
      for (ShardReplicationStatus shard : published) {
        assertThat(shard.getPublishedBy()).as("publisher of shard %d", shard.getShardId())
            .isEqualTo(ring.owner(PublishingOwnership.shardKey(shard.getShardId())).orElseThrow().id());
      }
      List<ShardReplicationStatus> applied = everyShardSince(standbyAdmin, "active", before, false);
      assertThat(applied).extracting(ShardReplicationStatus::getAppliedBy).containsOnlyElementsOf(standbyHosts)
          .containsAll(standbyHosts);

      active.service("replication").kill();
      standby.service("replication").kill();
      Instant afterKill = Instant.now();
      runs.addAll(runSleepers(namespace, taskQueue, 10, 30));
      assertReplicated(namespace, runs);
      assertThat(everyShardSince(activeAdmin, "standby", afterKill, true))
          .extracting(ShardReplicationStatus::getPublishedBy).containsOnly(activeHosts.get(1));
      assertThat(everyShardSince(standbyAdmin, "active", afterKill, false))
          .extracting(ShardReplicationStatus::getAppliedBy).containsOnly(standbyHosts.get(1));
    } finally {
      worker.shutdownNow();
      // back to one replication host per cluster, as the other tests of these clusters expect
      active.service("replication").start(Duration.ofMinutes(2));
      standby.service("replication").start(Duration.ofMinutes(2));
      active.removeHost(activeSecond);
      standby.removeHost(standbySecond);
    }
  }

  /**
   * Waits until the status {@code admin}'s cluster gives for {@code remote} has every shard's last published
   * ({@code published}) or applied task recorded at or after {@code since}; returns those shards.
   */
  private static List<ShardReplicationStatus> everyShardSince(AdminClient admin, String remote, Instant since,
      boolean published) {
    return await().atMost(CONVERGE).pollInterval(Duration.ofMillis(300))
        .until(() -> touchedSince(shards(admin.replicationStatus(), remote), since, published),
            touched -> touched.size() == SHARDS);
  }

  /** The shards whose last published ({@code published}) or applied task was recorded at or after {@code since}. */
  private static List<ShardReplicationStatus> touchedSince(List<ShardReplicationStatus> shards, Instant since,
      boolean published) {
    return shards.stream().filter(shard -> {
      com.google.protobuf.Timestamp at = published ? shard.getLastPublishedTime() : shard.getLastAppliedTime();
      return !Instant.ofEpochSecond(at.getSeconds(), at.getNanos()).isBefore(since);
    }).toList();
  }

  private static List<ShardReplicationStatus> shards(GetReplicationStatusResponse status, String remote) {
    return status.getRemoteClustersList().stream().filter(cluster -> cluster.getCluster().equals(remote))
        .flatMap(cluster -> cluster.getShardsList().stream()).toList();
  }

  /** How many partitions each member of a consumer group holds. */
  private static List<Integer> partitionsPerMember(Admin kafka, String group) throws Exception {
    ConsumerGroupDescription description = kafka.describeConsumerGroups(List.of(group)).all().get().get(group);
    return description.members().stream().map(member -> member.assignment().topicPartitions().size()).toList();
  }

  private static void awaitHealthy(String service, List<String> identities) {
    ConsulServiceRegistry consul = new ConsulServiceRegistry(ConsulSettings.local());
    await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).until(() -> consul
        .watchHealthy(service, 0, Duration.ZERO).instances().stream().map(ServiceInstance::id).toList(),
        ids -> ids.containsAll(identities) && ids.size() == identities.size());
  }

  /** The Consul identity of a host of {@code cluster}: {@code replication@127.0.0.2:port}. */
  private static String identity(TestCluster cluster, String service) {
    return "replication@" + cluster.service(service).endpoint();
  }

  private static Member member(String identity) {
    String address = identity.substring(identity.indexOf('@') + 1);
    return new Member(identity, address.substring(0, address.lastIndexOf(':')),
        Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
  }

  private static io.temporal.api.workflowservice.v1.DescribeNamespaceResponse describe(WorkflowServiceStubs stubs, String name) {
    return stubs.blockingStub().describeNamespace(
        io.temporal.api.workflowservice.v1.DescribeNamespaceRequest.newBuilder().setNamespace(name).build());
  }

  private static List<WorkflowExecution> runSleepers(String namespace, String taskQueue, long millis) {
    return runSleepers(namespace, taskQueue, millis, WORKFLOWS);
  }

  private static List<WorkflowExecution> runSleepers(String namespace, String taskQueue, long millis, int count) {
    WorkflowClient client = client(clusters.active(), namespace);
    List<WorkflowExecution> runs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
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
