package dev.conduit.it.multicluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.Durations;
import dev.conduit.it.support.TwoClusters;
import dev.conduit.it.support.Sleeper;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.namespace.v1.UpdateNamespaceInfo;
import io.temporal.api.replication.v1.ClusterReplicationConfig;
import io.temporal.api.replication.v1.NamespaceReplicationConfig;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceResponse;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.api.workflowservice.v1.UpdateNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Global namespaces between two clusters as separate processes on real Cassandra, Kafka and Consul, with
 * the official Java SDK: registered on the master, they appear on the standby with the same id and
 * versions; updates follow; a forced failover moves the failover version as Temporal does (1 -> 2 -> 11 under increment 10) and where writes
 * are accepted; the standby's replication process stopped during updates converges once restarted.
 */
class NamespaceReplicationIT {
  private static final Logger log = LoggerFactory.getLogger(NamespaceReplicationIT.class);
  private static final Duration CONVERGE = Duration.ofSeconds(60);
  /** The shared Kafka of the development config. */
  private static final String KAFKA = "127.0.0.1:9092";
  // noop redirection: the failover test wants writes on the old active refused, not forwarded to the new one
  @RegisterExtension
  static final TwoClusters clusters = new TwoClusters("noop");
  private static WorkflowServiceStubs active;
  private static WorkflowServiceStubs standby;

  @BeforeAll
  static void stubs() {
    active = clusters.active();
    standby = clusters.standby();
  }

  @Test
  void aRegisteredGlobalNamespaceAppearsOnTheStandbyAndItsUpdatesFollow() {
    String name = register();
    DescribeNamespaceResponse source = describe(active, name).orElseThrow();
    DescribeNamespaceResponse replica = awaitOn(standby, name, d -> true);

    assertThat(replica.getNamespaceInfo().getId()).isEqualTo(source.getNamespaceInfo().getId());
    assertThat(replica.getIsGlobalNamespace()).isTrue();
    assertThat(replica.getReplicationConfig().getActiveClusterName()).isEqualTo("active");
    assertThat(replica.getReplicationConfig().getClustersList()).extracting(ClusterReplicationConfig::getClusterName)
        .containsExactly("active", "standby");
    assertThat(replica.getFailoverVersion()).isEqualTo(1).isEqualTo(source.getFailoverVersion());

    active.blockingStub().updateNamespace(UpdateNamespaceRequest.newBuilder().setNamespace(name)
        .setUpdateInfo(UpdateNamespaceInfo.newBuilder().setDescription("orders of the shop"))
        .setConfig(io.temporal.api.namespace.v1.NamespaceConfig.newBuilder()
            .setWorkflowExecutionRetentionTtl(Durations.fromDays(3)))
        .build());
    DescribeNamespaceResponse updated = awaitOn(standby, name,
        d -> d.getNamespaceInfo().getDescription().equals("orders of the shop"));
    assertThat(updated.getConfig().getWorkflowExecutionRetentionTtl()).isEqualTo(Durations.fromDays(3));
    assertThat(updated.getNamespaceInfo()).isEqualTo(describe(active, name).orElseThrow().getNamespaceInfo());
  }

  @Test
  void aForcedFailoverMovesWritesToTheStandbyAndBack() {
    String name = register();
    awaitOn(standby, name, d -> true);

    failover(standby, name, "standby"); // a failover may be sent to any cluster of the namespace
    assertThat(describe(standby, name).orElseThrow().getFailoverVersion()).isEqualTo(2);
    DescribeNamespaceResponse onActive = awaitOn(active, name, d -> d.getFailoverVersion() == 2);
    assertThat(onActive.getReplicationConfig().getActiveClusterName()).isEqualTo("standby");
    assertThat(onActive.getFailoverHistoryList()).extracting(h -> h.getFailoverVersion()).contains(2L);

    awaitNamespaceNotActive(active, name);
    assertThat(runSleeper(standby, name)).isEqualTo("slept true");

    failover(active, name, "active");
    assertThat(awaitOn(standby, name, d -> d.getFailoverVersion() == 11).getReplicationConfig().getActiveClusterName())
        .isEqualTo("active");
    awaitNamespaceNotActive(standby, name);
    assertThat(runSleeper(active, name)).isEqualTo("slept true");
  }

  @Test
  void theStandbysReplicationStoppedDuringTwoUpdatesConvergesAfterARestart() {
    String name = register();
    awaitOn(standby, name, d -> true);
    var replication = clusters.group().cluster("standby").service("replication");
    replication.stop();
    try {
      updateDescription(name, "first while down");
      updateDescription(name, "second while down");
    } finally {
      replication.start(Duration.ofMinutes(2));
    }
    DescribeNamespaceResponse converged = awaitOn(standby, name,
        d -> d.getNamespaceInfo().getDescription().equals("second while down"));
    assertThat(converged.getNamespaceInfo()).isEqualTo(describe(active, name).orElseThrow().getNamespaceInfo());
  }

  @Test
  void badFailoversAreRefusedAndChangeNothing() {
    String name = register();
    awaitOn(standby, name, d -> true);
    DescribeNamespaceResponse before = describe(active, name).orElseThrow();

    assertInvalid(() -> failover(active, name, "nowhere"), "nowhere");
    assertInvalid(() -> active.blockingStub().updateNamespace(UpdateNamespaceRequest.newBuilder().setNamespace(name)
        .setReplicationConfig(NamespaceReplicationConfig.newBuilder().setActiveClusterName("standby")
            .addClusters(ClusterReplicationConfig.newBuilder().setClusterName("standby"))).build()),
        "cannot be combined");
    assertInvalid(() -> standby.blockingStub().updateNamespace(UpdateNamespaceRequest.newBuilder().setNamespace(name)
        .setUpdateInfo(UpdateNamespaceInfo.newBuilder().setDescription("not on the master")).build()), "master");

    String local = "local-" + UUID.randomUUID();
    active.blockingStub().registerNamespace(RegisterNamespaceRequest.newBuilder().setNamespace(local)
        .setWorkflowExecutionRetentionPeriod(Durations.fromDays(1)).build());
    assertInvalid(() -> failover(active, local, "standby"), "local");

    DescribeNamespaceResponse after = describe(active, name).orElseThrow();
    assertThat(after.getFailoverVersion()).isEqualTo(before.getFailoverVersion());
    assertThat(after.getNamespaceInfo()).isEqualTo(before.getNamespaceInfo());
    assertThat(after.getConfig()).isEqualTo(before.getConfig());
    assertThat(after.getReplicationConfig()).isEqualTo(before.getReplicationConfig());
    assertThat(describe(standby, local)).as("a local namespace is not replicated").isEmpty();
  }

  @Test
  void aTaskThatCannotBeAppliedGoesToTheDlqAndTheConsumerMovesOn() throws Exception {
    String topic = clusters.group().replicationTopic("standby", "active");
    byte[] garbage = "not a namespace task".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Properties producerProperties = new Properties();
    producerProperties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
    producerProperties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    producerProperties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties)) {
      producer.send(new ProducerRecord<>(topic, "garbage", garbage)).get(30, TimeUnit.SECONDS);
    }

    String name = register();
    awaitOn(standby, name, d -> true);
    Properties consumerProperties = new Properties();
    consumerProperties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
    consumerProperties.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID());
    consumerProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProperties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    consumerProperties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    try (KafkaConsumer<String, byte[]> dlq = new KafkaConsumer<>(consumerProperties)) {
      dlq.subscribe(List.of(clusters.group().replicationDlqTopic("standby")));
      List<String> parked = new ArrayList<>();
      await().atMost(CONVERGE).until(() -> {
        dlq.poll(Duration.ofMillis(200)).forEach(r -> parked.add(r.key()));
        return parked.contains("garbage");
      });
    }
  }

  @Test
  void timeUntilTheStandbyServesARegisterAndAFailover() {
    List<Long> registers = new ArrayList<>();
    List<Long> failovers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      long start = System.nanoTime();
      String name = register();
      awaitOn(standby, name, d -> true);
      registers.add((System.nanoTime() - start) / 1_000_000);
      start = System.nanoTime();
      failover(active, name, "standby");
      awaitOn(standby, name, d -> d.getReplicationConfig().getActiveClusterName().equals("standby"));
      failovers.add((System.nanoTime() - start) / 1_000_000);
    }
    log.info("register -> standby serves it: {}; failover on active -> standby active: {}", stats(registers), stats(failovers));
    System.out.println("NAMESPACE-REPLICATION-LATENCY register " + stats(registers) + " failover " + stats(failovers));
    assertThat(registers).hasSize(20);
  }

  private static String stats(List<Long> millis) {
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    return "p50=" + sorted.get(sorted.size() / 2) + "ms max=" + sorted.get(sorted.size() - 1) + "ms";
  }

  private static String register() {
    String name = "global-" + UUID.randomUUID();
    active.blockingStub().registerNamespace(RegisterNamespaceRequest.newBuilder()
        .setNamespace(name)
        .setIsGlobalNamespace(true)
        .addClusters(ClusterReplicationConfig.newBuilder().setClusterName("active"))
        .addClusters(ClusterReplicationConfig.newBuilder().setClusterName("standby"))
        .setActiveClusterName("active")
        .setWorkflowExecutionRetentionPeriod(Durations.fromDays(1))
        .build());
    return name;
  }

  private static void updateDescription(String name, String description) {
    active.blockingStub().updateNamespace(UpdateNamespaceRequest.newBuilder().setNamespace(name)
        .setUpdateInfo(UpdateNamespaceInfo.newBuilder().setDescription(description)).build());
  }

  private static void failover(WorkflowServiceStubs on, String name, String target) {
    on.blockingStub().updateNamespace(UpdateNamespaceRequest.newBuilder().setNamespace(name)
        .setReplicationConfig(NamespaceReplicationConfig.newBuilder().setActiveClusterName(target)).build());
  }

  private static Optional<DescribeNamespaceResponse> describe(WorkflowServiceStubs on, String name) {
    try {
      return Optional.of(on.blockingStub().describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(name).build()));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static DescribeNamespaceResponse awaitOn(WorkflowServiceStubs on, String name,
      java.util.function.Predicate<DescribeNamespaceResponse> condition) {
    return await().atMost(CONVERGE).pollInterval(Duration.ofMillis(20))
        .until(() -> describe(on, name).filter(condition), Optional::isPresent).orElseThrow();
  }

  /** A start is refused once the cluster's namespace cache (refreshed every 2 s) sees the failover. */
  private static void awaitNamespaceNotActive(WorkflowServiceStubs on, String name) {
    WorkflowClient client = WorkflowClient.newInstance(on, WorkflowClientOptions.newBuilder().setNamespace(name).build());
    await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100)).until(() -> {
      Throwable thrown = catchThrowable(() -> client.newUntypedWorkflowStub("Sleeper",
          WorkflowOptions.newBuilder().setTaskQueue("nowhere").setWorkflowId("refused-" + UUID.randomUUID()).build()).start(10L));
      return statusOf(thrown).filter(s -> s.getStatus().getCode() == Status.Code.FAILED_PRECONDITION
          && s.getStatus().getDescription().contains("is active in cluster")).isPresent();
    });
  }

  /** Runs a Sleeper on {@code on} with a worker there, retrying the start until the cluster accepts it. */
  private static String runSleeper(WorkflowServiceStubs on, String name) {
    WorkflowClient client = WorkflowClient.newInstance(on, WorkflowClientOptions.newBuilder().setNamespace(name).build());
    String taskQueue = "failover-" + UUID.randomUUID();
    WorkerFactory factory = WorkerFactory.newInstance(client);
    factory.newWorker(taskQueue).registerWorkflowImplementationTypes(Sleeper.Impl.class);
    factory.start();
    try {
      return await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100)).ignoreExceptionsMatching(
          e -> statusOf(e).filter(s -> s.getStatus().getCode() == Status.Code.FAILED_PRECONDITION).isPresent())
          .until(() -> client.newWorkflowStub(Sleeper.class, WorkflowOptions.newBuilder().setTaskQueue(taskQueue)
              .setWorkflowId("accepted-" + UUID.randomUUID()).build()).sleep(50), r -> r != null);
    } finally {
      factory.shutdownNow();
    }
  }

  private static Optional<StatusRuntimeException> statusOf(Throwable thrown) {
    Throwable cause = thrown;
    while (cause != null && !(cause instanceof StatusRuntimeException)) {
      cause = cause.getCause();
    }
    return Optional.ofNullable((StatusRuntimeException) cause);
  }

  private static void assertInvalid(Runnable call, String messagePart) {
    Optional<StatusRuntimeException> status = statusOf(catchThrowable(call::run));
    assertThat(status).as("a status").isPresent();
    assertThat(status.get().getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.get().getStatus().getDescription()).contains(messagePart);
  }
}
