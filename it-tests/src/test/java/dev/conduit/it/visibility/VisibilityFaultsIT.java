package dev.conduit.it.visibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conduit.config.ClusterConfig;
import dev.conduit.config.ConfigLoader;
import dev.conduit.deploy.admin.DeadLetters;
import dev.conduit.deploy.local.LocalDependencies;
import dev.conduit.it.support.RealServers;
import dev.conduit.it.support.SdkHarness;
import dev.conduit.it.visibility.VisibilityIT.Finishing;
import dev.conduit.replication.service.ReplicationTaskConsumer;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Visibility under faults, with real servers: records published while Elasticsearch is down wait in Kafka and are
 * indexed once it is back; every record read again from the start of the topic (the indexer's offsets reset while
 * it was down) neither doubles a run nor takes a closed run back to running.
 */
class VisibilityFaultsIT {
  private static final Duration INDEXED = Duration.ofSeconds(120);
  @RegisterExtension
  static final VisibilityCluster cluster = new VisibilityCluster();
  private static SdkHarness sdk;
  private static String taskQueue;
  private static Admin kafka;

  @BeforeAll
  static void start() {
    sdk = cluster.sdk();
    taskQueue = cluster.taskQueue();
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + LocalDependencies.KAFKA_PORT);
    kafka = Admin.create(properties);
  }

  @AfterAll
  static void stop() {
    if (!RealServers.running(LocalDependencies.ELASTICSEARCH)) {
      RealServers.restart(LocalDependencies.ELASTICSEARCH);
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void recordsWrittenWhileElasticsearchIsDownWaitInKafkaAndArriveAfterwards() throws Exception {
    String batch = UUID.randomUUID().toString().substring(0, 8);
    WorkflowClient client = sdk.client();
    runToCompletion(client, "before-" + batch, 1);
    await().atMost(INDEXED).until(() -> completed(client, "WorkflowId STARTS_WITH 'before-" + batch + "'") == 1);

    RealServers.stop(LocalDependencies.ELASTICSEARCH);
    long endBefore = endOffsets();
    List<String> during = runToCompletion(client, "during-" + batch, 5);
    // the state the test names: the records are in Kafka and the indexer has not got past them
    await().atMost(INDEXED).until(() -> endOffsets() >= endBefore + 10);
    assertThat(committedOffsets()).as("the indexer waits at the first record it could not write")
        .isLessThan(endOffsets());

    RealServers.restart(LocalDependencies.ELASTICSEARCH);
    String query = "WorkflowId STARTS_WITH 'during-" + batch + "'";
    await().atMost(INDEXED).until(() -> completed(client, query) == during.size());
    assertThat(ids(client, query)).containsExactlyInAnyOrderElementsOf(during);
    await().atMost(INDEXED).until(() -> committedOffsets() == endOffsets());
  }

  @Test
  void recordsReadAgainFromTheStartNeitherDoubleNorRegressARun() throws Exception {
    String batch = UUID.randomUUID().toString().substring(0, 8);
    WorkflowClient client = sdk.client();
    List<String> runs = runToCompletion(client, "again-" + batch, 4);
    String query = "WorkflowId STARTS_WITH 'again-" + batch + "'";
    await().atMost(INDEXED).until(() -> completed(client, query) == runs.size());
    await().atMost(INDEXED).until(() -> committedOffsets() == endOffsets());
    long total = client.countWorkflows("").getCount();

    var indexer = sdk.cluster().service("replication");
    indexer.kill();
    // every record again, the "running" ones of each run included, which are older than the "completed" ones
    Map<TopicPartition, OffsetAndMetadata> toStart = partitions().stream()
        .collect(Collectors.toMap(partition -> partition, partition -> new OffsetAndMetadata(0)));
    await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> {
      kafka.alterConsumerGroupOffsets(group(), toStart).all().get(10, TimeUnit.SECONDS);
      return true;
    });
    assertThat(committedOffsets()).isZero();
    indexer.start(Duration.ofMinutes(2));

    await().atMost(INDEXED).until(() -> committedOffsets() == endOffsets());
    sdk.cluster().refreshVisibility();
    assertThat(ids(client, query)).as("one document per run").containsExactlyInAnyOrderElementsOf(runs);
    assertThat(completed(client, query)).as("no run went back to running").isEqualTo(runs.size());
    assertThat(client.countWorkflows("").getCount()).isEqualTo(total);
  }

  @Test
  void aRecordTheIndexerCannotReadIsParkedInTheVisibilityDlqWhereTheAdminCommandReadsAndPurgesIt() throws Exception {
    String batch = UUID.randomUUID().toString().substring(0, 8);
    String key = "no-such-namespace/unreadable-" + batch;
    ClusterConfig config = ConfigLoader.fromSystemEnvironment().load(sdk.cluster().configFile());
    // a length-delimited field whose length runs past the end: no VisibilityRecord can be read from it
    byte[] unreadable = {0x0a, (byte) 0xff, 0x01, 0x02};
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + LocalDependencies.KAFKA_PORT);
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
        new ByteArraySerializer())) {
      ProducerRecord<String, byte[]> record = new ProducerRecord<>(sdk.cluster().visibilityName(), key, unreadable);
      record.headers().add(ReplicationTaskConsumer.KIND_HEADER, "visibility".getBytes(StandardCharsets.UTF_8));
      producer.send(record).get(30, TimeUnit.SECONDS);
    }

    try (DeadLetters dlq = DeadLetters.of(config, DeadLetters.Queue.VISIBILITY)) {
      assertThat(dlq.dlqTopic()).isEqualTo(sdk.cluster().visibilityName() + "-dlq");
      DeadLetters.Letter parked = await().atMost(INDEXED).pollInterval(Duration.ofMillis(500)).until(
          () -> dlq.read(1000).stream().filter(letter -> letter.key().equals(key)).findFirst(),
          java.util.Optional::isPresent).orElseThrow();
      assertThat(parked.kind()).isEqualTo("visibility");
      assertThat(parked.bytes()).isEqualTo(unreadable.length);
      assertThat(parked.error()).isNotBlank();
      // the indexer went on past it
      List<String> after = runToCompletion(sdk.client(), "after-bad-" + batch, 1);
      await().atMost(INDEXED).until(() -> completed(sdk.client(), "WorkflowId = '" + after.get(0) + "'") == 1);

      dlq.purge();
      assertThat(dlq.read(1000)).extracting(DeadLetters.Letter::key).doesNotContain(key);
    }
  }

  private static List<String> runToCompletion(WorkflowClient client, String prefix, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = prefix + "-" + i;
      client.newWorkflowStub(Finishing.class, SdkHarness.options(taskQueue, id)).finish("complete");
      ids.add(id);
    }
    return ids;
  }

  private static long completed(WorkflowClient client, String query) {
    return client.listExecutions(query).filter(run -> run.getStatus()
        == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED).count();
  }

  private static List<String> ids(WorkflowClient client, String query) {
    return client.listExecutions(query).map(WorkflowExecutionMetadata::getExecution)
        .map(execution -> execution.getWorkflowId()).toList();
  }

  private static String group() {
    return "conduit-visibility-indexer-" + sdk.cluster().visibilityName();
  }

  private static List<TopicPartition> partitions() throws Exception {
    return kafka.describeTopics(List.of(sdk.cluster().visibilityName())).allTopicNames().get(10, TimeUnit.SECONDS)
        .get(sdk.cluster().visibilityName()).partitions().stream()
        .map(info -> new TopicPartition(sdk.cluster().visibilityName(), info.partition())).toList();
  }

  private static long endOffsets() throws Exception {
    Map<TopicPartition, OffsetSpec> latest = partitions().stream()
        .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
    return kafka.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
        .mapToLong(info -> info.offset()).sum();
  }

  private static long committedOffsets() throws Exception {
    return kafka.listConsumerGroupOffsets(group()).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
        .values().stream().mapToLong(OffsetAndMetadata::offset).sum();
  }
}
