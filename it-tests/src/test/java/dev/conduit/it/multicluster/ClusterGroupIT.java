package dev.conduit.it.multicluster;

import static dev.conduit.it.support.TwoClusters.CONVERGE;
import static dev.conduit.it.support.TwoClusters.awaitHistory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Durations;
import dev.conduit.it.support.ClusterGroup;
import dev.conduit.it.support.TwoClusters;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import dev.conduit.persistence.cassandra.CqlSessions;
import dev.conduit.persistence.cassandra.execution.CassandraExecutionStores;
import dev.conduit.persistence.execution.ExecutionStore;
import dev.conduit.proto.replication.v1.WorkflowReplicationTask;
import dev.conduit.replication.service.ReplicationTaskConsumer;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import dev.conduit.replication.service.ReplicationService;
import io.temporal.api.replication.v1.NamespaceReplicationConfig;
import io.temporal.api.workflowservice.v1.UpdateNamespaceRequest;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.replication.v1.ClusterReplicationConfig;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.GetClusterInfoRequest;
import io.temporal.api.workflowservice.v1.GetClusterInfoResponse;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three clusters as separate processes on one machine: each answers as itself, with its own initial
 * failover version under the shared increment, and each keeps its own keyspace; a namespace's workflows go only
 * to the clusters it lists, though every cluster has a replication topic; and a standby whose replication tasks were
 * lost gets the events from the active cluster when a task of the run has waited for them too long.
 */
class ClusterGroupIT {
  private static final String KAFKA = "127.0.0.1:" + dev.conduit.deploy.local.LocalDependencies.KAFKA_PORT;
  private static final int SHARDS = 4;
  private static ClusterGroup group;
  private static final Map<String, WorkflowServiceStubs> stubs = new java.util.HashMap<>();

  @BeforeAll
  static void startClusters() {
    // a standby task asks for overdue events after 3 s instead of 10 minutes
    group = ClusterGroup.startWithDynamicConfig("""
        history.standbyTaskMissingEventsResendDelay:
          - value: 3s
            constraints: {}
        """, "active", "standby", "third");
    for (String name : List.of("active", "standby", "third")) {
      stubs.put(name, group.cluster(name).newStubs());
    }
  }

  @AfterAll
  static void stopClusters() {
    stubs.values().forEach(WorkflowServiceStubs::shutdownNow);
    if (group != null) {
      group.close();
    }
  }

  @Test
  void eachClusterAnswersAsItselfWithItsOwnFailoverVersion() {
    GetClusterInfoResponse active = clusterInfo("active");
    GetClusterInfoResponse standby = clusterInfo("standby");
    GetClusterInfoResponse third = clusterInfo("third");

    assertThat(active.getClusterName()).isEqualTo("active");
    assertThat(standby.getClusterName()).isEqualTo("standby");
    assertThat(third.getClusterName()).isEqualTo("third");
    assertThat(Set.of(active.getClusterId(), standby.getClusterId(), third.getClusterId())).hasSize(3);
    assertThat(active.getInitialFailoverVersion()).isEqualTo(1);
    assertThat(standby.getInitialFailoverVersion()).isEqualTo(2);
    assertThat(third.getInitialFailoverVersion()).isEqualTo(3);
    assertThat(active.getFailoverVersionIncrement()).isEqualTo(10).isEqualTo(standby.getFailoverVersionIncrement());
    assertThat(group.cluster("active").cassandra().keyspace())
        .isNotEqualTo(group.cluster("standby").cassandra().keyspace());
  }

  @Test
  void aNamespacesWorkflowsGoOnlyToTheClustersItListsAndTheOutboxEmptiesAllTheSame() throws Exception {
    String pair = register("pair", "active", "standby");
    String all = register("all", "active", "standby", "third");
    String pairId = awaitNamespace("standby", pair);
    String allId = awaitNamespace("third", all);
    WorkflowExecution inPair = start(pair);
    WorkflowExecution inAll = start(all);

    awaitHistory(stubs.get("standby"), pair, inPair, events -> events.size() >= 2);
    awaitHistory(stubs.get("third"), all, inAll, events -> events.size() >= 2);
    // every remote has acknowledged every task, including "third", which was sent none of the pair's
    awaitOutboxEmpty();

    Set<String> namespacesSentToThird = workflowNamespacesIn(group.replicationTopic("third", "active"));
    assertThat(namespacesSentToThird).as("the namespace listing all three").contains(allId);
    assertThat(namespacesSentToThird).as("the namespace listing active and standby only").doesNotContain(pairId);
  }

  @Test
  void theStandbyConsumesEachSourceClusterThroughAConsumerGroupOfItsOwn() throws Exception {
    String fromActive = register("from-active", "active", "standby", "third");
    String fromThird = register("from-third", "active", "standby", "third");
    awaitNamespace("standby", fromActive);
    awaitNamespace("third", fromThird);
    stubs.get("active").blockingStub().updateNamespace(UpdateNamespaceRequest.newBuilder().setNamespace(fromThird)
        .setReplicationConfig(NamespaceReplicationConfig.newBuilder().setActiveClusterName("third")).build());
    WorkflowExecution runOfActive = start("active", fromActive);
    WorkflowExecution runOfThird = start("third", fromThird); // retried until "third" sees itself active

    List<HistoryEvent> third = awaitHistory(stubs.get("third"), fromThird, runOfThird, events -> events.size() >= 2);
    // the failover moved the namespace's version from 1 (active's) to 3, the next one the third cluster owns
    assertThat(third.get(0).getVersion()).as("started by the third cluster, at its failover version").isEqualTo(3);
    assertThat(awaitHistory(stubs.get("standby"), fromThird, runOfThird, events -> events.size() == third.size()))
        .isEqualTo(third);
    awaitHistory(stubs.get("standby"), fromActive, runOfActive, events -> events.size() >= 2);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA))) {
      for (String source : List.of("active", "third")) {
        String topic = group.replicationTopic("standby", source);
        Map<TopicPartition, OffsetAndMetadata> committed = await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200))
            .until(() -> admin.listConsumerGroupOffsets(ReplicationService.consumerGroup(topic))
                .partitionsToOffsetAndMetadata().get(), offsets -> offsets.values().stream()
                .anyMatch(offset -> offset != null && offset.offset() > 0));
        assertThat(committed.keySet()).as("the partitions the standby's group for %s committed", source)
            .extracting(TopicPartition::topic).containsOnly(topic);
      }
    }
  }

  @Test
  void eventsWhoseReplicationTasksWereLostReachTheStandbyWhenItsWaitingTaskAsksForThem() throws Exception {
    String namespace = register("lost", "active", "standby");
    awaitNamespace("standby", namespace);
    WorkflowServiceStubs active = stubs.get("active");
    WorkflowExecution run = start(namespace);
    // the standby has the run with its first workflow task scheduled: that task's dispatch waits there
    awaitHistory(stubs.get("standby"), namespace, run, events -> events.size() == 2);

    var replication = group.cluster("standby").service("replication");
    replication.kill();
    try {
      active.blockingStub().signalWorkflowExecution(SignalWorkflowExecutionRequest.newBuilder().setNamespace(namespace)
          .setWorkflowExecution(run).setSignalName("lost-signal").setRequestId(UUID.randomUUID().toString()).build());
      active.blockingStub().terminateWorkflowExecution(TerminateWorkflowExecutionRequest.newBuilder()
          .setNamespace(namespace).setWorkflowExecution(run).setReason("lost end").build());
      awaitOutboxEmpty();
      // the state the test names: the run's last tasks are in the standby's topic only, and then not even there
      deleteEverythingIn(group.replicationTopic("standby", "active"));
    } finally {
      replication.start(Duration.ofMinutes(2));
    }

    List<HistoryEvent> onActive = TwoClusters.history(active, namespace, run);
    assertThat(onActive.get(onActive.size() - 1).getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
    assertThat(awaitHistory(stubs.get("standby"), namespace, run, events -> events.size() == onActive.size()))
        .isEqualTo(onActive);
  }

  /** Waits until every remote cluster acknowledged every replication task of the active cluster. */
  private static void awaitOutboxEmpty() {
    try (CqlSession session = CqlSessions.open(group.cluster("active").cassandra())) {
      ExecutionStore outbox = CassandraExecutionStores.open(session).executionStore();
      await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).until(() -> {
        for (int shard = 0; shard < SHARDS; shard++) {
          if (!outbox.getReplicationTasks(shard, 0, Long.MAX_VALUE, 10).isEmpty()) {
            return false;
          }
        }
        return true;
      });
    }
  }

  /** Deletes every record the topic holds now (as Kafka's retention would), and checks that they are gone. */
  private static void deleteEverythingIn(String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA))) {
      Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
      admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
          .forEach(partition -> latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
      Map<TopicPartition, RecordsToDelete> upToEnd = new java.util.HashMap<>();
      admin.listOffsets(latest).all().get().forEach((partition, end) ->
          upToEnd.put(partition, RecordsToDelete.beforeOffset(end.offset())));
      admin.deleteRecords(upToEnd).all().get();
    }
    assertThat(workflowNamespacesIn(topic)).isEmpty();
  }

  private static String register(String prefix, String... clusters) {
    String name = prefix + "-" + UUID.randomUUID();
    RegisterNamespaceRequest.Builder request = RegisterNamespaceRequest.newBuilder()
        .setNamespace(name)
        .setIsGlobalNamespace(true)
        .setActiveClusterName("active")
        .setWorkflowExecutionRetentionPeriod(Durations.fromDays(1));
    for (String cluster : clusters) {
      request.addClusters(ClusterReplicationConfig.newBuilder().setClusterName(cluster));
    }
    stubs.get("active").blockingStub().registerNamespace(request.build());
    return name;
  }

  /** Waits until the cluster knows the namespace (its workflow tasks would wait for it otherwise); returns its id. */
  private static String awaitNamespace(String cluster, String name) {
    return await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100))
        .ignoreExceptionsInstanceOf(StatusRuntimeException.class)
        .until(() -> stubs.get(cluster).blockingStub()
            .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(name).build())
            .getNamespaceInfo().getId(), id -> !id.isEmpty());
  }

  private static WorkflowExecution start(String namespace) {
    return start("active", namespace);
  }

  /**
   * Starts a run on {@code cluster} itself (the call is marked as forwarded already, so it is never sent on to another
   * cluster), retried with the same request id while the cluster does not yet see itself active.
   */
  private static WorkflowExecution start(String cluster, String namespace) {
    String workflowId = "wf-" + UUID.randomUUID();
    StartWorkflowExecutionRequest request = StartWorkflowExecutionRequest.newBuilder()
        .setNamespace(namespace)
        .setWorkflowId(workflowId)
        .setWorkflowType(WorkflowType.newBuilder().setName("Waiting"))
        .setTaskQueue(TaskQueue.newBuilder().setName("nobody-polls"))
        .setRequestId(UUID.randomUUID().toString())
        .build();
    Metadata notForwarded = new Metadata();
    notForwarded.put(Metadata.Key.of("xdc-redirection", Metadata.ASCII_STRING_MARSHALLER), "false");
    String runId = await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200))
        .ignoreExceptionsInstanceOf(StatusRuntimeException.class)
        .until(() -> stubs.get(cluster).blockingStub().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(notForwarded))
            .startWorkflowExecution(request).getRunId(), id -> !id.isEmpty());
    return WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId).build();
  }

  /** The namespace ids of every workflow task in the topic, read from its start to its current end. */
  private static Set<String> workflowNamespacesIn(String topic) throws InvalidProtocolBufferException {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(info -> new TopicPartition(topic, info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      await().atMost(CONVERGE).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return partitions.stream().allMatch(partition -> consumer.position(partition) >= end.get(partition));
      });
    }
    Set<String> namespaceIds = new HashSet<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      Header kind = record.headers().lastHeader(ReplicationTaskConsumer.KIND_HEADER);
      if (kind != null && ReplicationTaskConsumer.WORKFLOW.equals(new String(kind.value(), StandardCharsets.UTF_8))) {
        WorkflowReplicationTask task = WorkflowReplicationTask.parseFrom(record.value());
        namespaceIds.add(task.hasHistory() ? task.getHistory().getNamespaceId() : task.getSyncActivity().getNamespaceId());
      }
    }
    return namespaceIds;
  }

  private static GetClusterInfoResponse clusterInfo(String name) {
    return stubs.get(name).blockingStub().getClusterInfo(GetClusterInfoRequest.getDefaultInstance());
  }
}
