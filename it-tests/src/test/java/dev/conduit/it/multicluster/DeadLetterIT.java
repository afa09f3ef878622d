package dev.conduit.it.multicluster;

import static dev.conduit.it.support.TwoClusters.CONVERGE;
import static dev.conduit.it.support.TwoClusters.awaitHistory;
import static dev.conduit.it.support.TwoClusters.client;
import static dev.conduit.it.support.TwoClusters.history;
import static dev.conduit.it.support.TwoClusters.historyOrEmpty;
import static dev.conduit.it.support.TwoClusters.worker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import dev.conduit.config.ClusterConfig;
import dev.conduit.config.ConfigLoader;
import dev.conduit.config.HostPort;
import dev.conduit.deploy.admin.DeadLetters;
import dev.conduit.it.support.Sleeper;
import dev.conduit.it.support.TwoClusters;
import dev.conduit.proto.history.v1.ReplicateEventsRequest;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import dev.conduit.proto.persistence.v1.VersionHistoryItem;
import dev.conduit.proto.replication.v1.NamespaceReplicationTask;
import dev.conduit.proto.replication.v1.WorkflowReplicationTask;
import dev.conduit.replication.service.ReplicationTaskConsumer;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The replication DLQ through {@code conduit admin dlq} ({@link DeadLetters}) on two clusters as separate processes:
 * a workflow task of a namespace the standby does not have is parked after its bounded retries, with its error;
 * once the namespace has arrived, a merge applies it and the standby holds the run; a purge drops a parked task
 * for good.
 */
class DeadLetterIT {
  @RegisterExtension
  static final TwoClusters clusters = new TwoClusters("noop");

  @Test
  void aParkedTaskIsReadWithItsErrorAndAfterTheFixAMergeAppliesIt() throws Exception {
    Run completed = completedRun();
    WorkflowExecution run = completed.execution();
    List<HistoryEvent> events = completed.events();
    String missingNamespace = UUID.randomUUID().toString();
    try (DeadLetters dlq = DeadLetters.of(standbyConfig())) {
      send(ReplicationTaskConsumer.WORKFLOW, missingNamespace + "/" + run.getWorkflowId(), poison(missingNamespace, run, events).toByteArray());

      // the state the test names: the task is parked, with why
      DeadLetters.Letter parked = await().atMost(CONVERGE).pollInterval(Duration.ofMillis(500))
          .until(() -> letterOf(dlq, missingNamespace), letter -> letter != null);
      assertThat(parked.kind()).isEqualTo("workflow");
      assertThat(parked.error()).contains("NOT_FOUND");
      assertThat(parked.origin()).startsWith(clusters.group().replicationTopic("standby", "active"));

      // the fix: the namespace arrives (as a namespace replication task from the active cluster would bring it)
      String name = "dlq-fixed-" + UUID.randomUUID();
      send(ReplicationTaskConsumer.NAMESPACE, missingNamespace, namespace(missingNamespace, name).toByteArray());
      await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() ->
          clusters.standby().blockingStub().describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(name)
              .build()).getNamespaceInfo().getId().equals(missingNamespace));

      assertThat(dlq.merge()).isGreaterThanOrEqualTo(1);

      List<HistoryEvent> applied = awaitHistory(clusters.standby(), name, run, replica -> replica.size() == events.size());
      assertThat(applied).isEqualTo(events);
      assertThat(letterOf(dlq, missingNamespace)).as("merged tasks leave the DLQ").isNull();
    }
  }

  @Test
  void aPurgedTaskIsGoneAndNeverApplied() throws Exception {
    Run completed = completedRun();
    WorkflowExecution run = completed.execution();
    List<HistoryEvent> events = completed.events();
    String missingNamespace = UUID.randomUUID().toString();
    try (DeadLetters dlq = DeadLetters.of(standbyConfig())) {
      send(ReplicationTaskConsumer.WORKFLOW, missingNamespace + "/" + run.getWorkflowId(), poison(missingNamespace, run, events).toByteArray());
      await().atMost(CONVERGE).pollInterval(Duration.ofMillis(500)).until(() -> letterOf(dlq, missingNamespace) != null);

      assertThat(dlq.purge()).isGreaterThanOrEqualTo(1);

      assertThat(letterOf(dlq, missingNamespace)).isNull();
      String name = "dlq-purged-" + UUID.randomUUID();
      send(ReplicationTaskConsumer.NAMESPACE, missingNamespace, namespace(missingNamespace, name).toByteArray());
      await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() ->
          clusters.standby().blockingStub().describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(name)
              .build()).getNamespaceInfo().getId().equals(missingNamespace));
      assertThat(dlq.merge()).as("nothing left to merge of it").isZero();
      assertThat(historyOrEmpty(clusters.standby(), name, run)).isEmpty();
    }
  }

  private record Run(WorkflowExecution execution, List<HistoryEvent> events) {}

  /** A run completed on the active cluster of a global namespace, with its history as the active serves it. */
  private static Run completedRun() {
    String namespace = clusters.registerGlobal("dlq");
    String taskQueue = "dlq-" + UUID.randomUUID();
    WorkerFactory factory = worker(clusters.active(), namespace, taskQueue, List.of(Sleeper.Impl.class));
    try {
      Sleeper sleeper = client(clusters.active(), namespace).newWorkflowStub(Sleeper.class,
          WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId("dlq-" + UUID.randomUUID()).build());
      assertThat(sleeper.sleep(10)).isEqualTo("slept true");
      WorkflowExecution run = io.temporal.client.WorkflowStub.fromTyped(sleeper).getExecution();
      return new Run(run, history(clusters.active(), namespace, run));
    } finally {
      factory.shutdownNow();
    }
  }

  /** The run's events as a workflow replication task of a namespace id the standby does not know. */
  private static WorkflowReplicationTask poison(String namespaceId, WorkflowExecution run, List<HistoryEvent> events) {
    HistoryEvent last = events.get(events.size() - 1);
    return WorkflowReplicationTask.newBuilder()
        .setSourceCluster("active").setSourceShardId(0).setSourceTaskId(1)
        .setFirstEventId(1).setNextEventId(last.getEventId() + 1)
        .setTaskTime(Timestamps.fromMillis(System.currentTimeMillis()))
        .setHistory(ReplicateEventsRequest.newBuilder()
            .setNamespaceId(namespaceId).setWorkflowId(run.getWorkflowId()).setRunId(run.getRunId())
            .addVersionHistoryItems(VersionHistoryItem.newBuilder().setEventId(last.getEventId()).setVersion(last.getVersion()))
            .addAllEvents(events.stream().map(HistoryEvent::toByteString).toList()))
        .build();
  }

  /** A global namespace active in {@code active}, as the active cluster's namespace publisher sends one. */
  private static NamespaceReplicationTask namespace(String id, String name) {
    NamespaceDetail.Builder detail = NamespaceDetail.newBuilder()
        .setInfo(NamespaceDetail.Info.newBuilder().setId(id).setName(name).setState(NamespaceDetail.State.STATE_REGISTERED))
        .setConfig(NamespaceDetail.Config.newBuilder().setRetention(Durations.fromDays(1)))
        .setIsGlobal(true).setFailoverVersion(1).setConfigVersion(1).setOriginCluster("active");
    detail.getReplicationBuilder().setActiveClusterName("active").addClusters("active").addClusters("standby");
    return NamespaceReplicationTask.newBuilder().setSourceCluster("active").setNamespace(detail).build();
  }

  private static DeadLetters.Letter letterOf(DeadLetters dlq, String namespaceId) {
    return dlq.read(10_000).stream().filter(letter -> letter.key().startsWith(namespaceId)).findFirst().orElse(null);
  }

  private static ClusterConfig standbyConfig() {
    return ConfigLoader.fromSystemEnvironment().load(clusters.group().cluster("standby").configFile());
  }

  /** Puts a task on the standby's replication topic as a remote publisher would. */
  private static void send(String kind, String key, byte[] task) throws Exception {
    ClusterConfig config = standbyConfig();
    String topic = clusters.group().replicationTopic("standby", "active");
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().orElseThrow().brokersOf(topic).stream()
        .map(HostPort::toString).collect(Collectors.joining(",")));
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer())) {
      ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, task);
      record.headers().add(ReplicationTaskConsumer.KIND_HEADER, kind.getBytes(StandardCharsets.UTF_8));
      producer.send(record).get(30, TimeUnit.SECONDS);
    }
  }
}
