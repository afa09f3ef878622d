package dev.conduit.replication.service;

import dev.conduit.config.persistence.ElasticsearchConfig;
import dev.conduit.replication.visibility.VisibilityRecordApplier;
import dev.conduit.visibility.KafkaVisibilityPublisher;
import dev.conduit.visibility.store.ElasticsearchVisibilityStore;
import com.datastax.oss.driver.api.core.CqlSession;
import dev.conduit.config.ClusterConfig;
import dev.conduit.config.HostPort;
import dev.conduit.config.cluster.ClusterInformation;
import dev.conduit.config.kafka.KafkaConfig;
import dev.conduit.persistence.namespace.NamespaceStore;
import dev.conduit.persistence.replication.CassandraReplicationProgressStore;
import dev.conduit.persistence.replication.CassandraWorkflowReplicationProgress;
import dev.conduit.persistence.replication.ReplicationProgressStore;
import dev.conduit.persistence.replication.WorkflowReplicationProgress;
import dev.conduit.replication.kafka.KafkaTopics;
import dev.conduit.replication.namespace.CassandraPublishedLevels;
import dev.conduit.replication.namespace.NamespacePublisher;
import dev.conduit.replication.namespace.NamespaceTaskApplier;
import dev.conduit.replication.workflow.AppliedLevels;
import dev.conduit.replication.workflow.FrontendSourceEvents;
import dev.conduit.replication.workflow.HistoryTaskPublisher;
import dev.conduit.replication.workflow.LocalHistory;
import dev.conduit.replication.workflow.WorkflowTaskApplier;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code replication} role: publishers to every remote cluster's topic from this one (namespaces from the
 * namespace outbox, {@link NamespacePublisher}; workflow histories from the history shards' outboxes,
 * {@link HistoryTaskPublisher}) and a {@link ReplicationTaskConsumer} per remote cluster, of the topic from it to
 * this one ({@link KafkaConfig#replicationTopic}), that applies both kinds. Its gRPC port serves only the health
 * service, for Consul's check.
 */
public final class ReplicationService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReplicationService.class);
  /** How often the workflow publisher looks at the shards' outboxes when the last pass found nothing. */
  static final long WORKFLOW_PUBLISH_INTERVAL_MS = 100;
  /** Below Kafka's default 1 MB message limit, with room for the record's key and headers. */
  static final int MAX_MESSAGE_BYTES = 900 * 1024;
  private static final java.time.Duration SOURCE_READ_TIMEOUT = java.time.Duration.ofSeconds(30);
  /** How often the levels of applied workflow tasks are written (status, lag, graceful failover read them). */
  private static final java.time.Duration APPLIED_LEVELS_FLUSH = java.time.Duration.ofMillis(500);

  private final List<AutoCloseable> closeables = new ArrayList<>();

  private ReplicationService() {}

  /**
   * Starts the role for {@code config}'s current cluster, as one of its replication hosts (throws if its Kafka topics
   * are not configured): {@code host} is its identity (recorded with the levels it writes) and {@code ownership}
   * says which shards and whether the namespace outbox it publishes. The consumers share their topics' partitions
   * with the other hosts through Kafka's consumer groups.
   */
  public static ReplicationService start(ClusterConfig config, CqlSession session, NamespaceStore store,
      LocalHistory history, InetSocketAddress bind, Clock clock, String host, PublishingOwnership ownership) {
    ReplicationService service = new ReplicationService();
    try {
      service.serveHealth(bind);
      service.startIndexer(config, store, clock);
      service.startReplication(config, session, store, history, clock, host, ownership);
      return service;
    } catch (RuntimeException e) {
      service.close();
      throw e;
    }
  }

  private void serveHealth(InetSocketAddress bind) {
    HealthStatusManager health = new HealthStatusManager();
    Server server = NettyServerBuilder.forAddress(bind).addService(health.getHealthService()).build();
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("replication cannot bind " + bind, e);
    }
    closeables.add(() -> server.shutdownNow().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS));
  }

  /**
   * The visibility indexer runs here because this role is the cluster's Kafka consumer: one consumer with
   * commit-after-apply, waiting while the target is down and a DLQ for what can never be applied, used for both
   * topics; history publishes the records and the frontend reads Elasticsearch.
   */
  private void startIndexer(ClusterConfig config, NamespaceStore namespaces, Clock clock) {
    Optional<ElasticsearchConfig> elasticsearch = config.persistence().advancedVisibilityDataStore();
    Optional<KafkaConfig.TopicPair> topics = config.kafka().flatMap(KafkaConfig::visibilityTopics);
    if (elasticsearch.isEmpty() || topics.isEmpty()) {
      log.info("no advanced visibility store or visibility topic configured: the visibility indexer is off");
      return;
    }
    List<HostPort> brokers = config.kafka().orElseThrow().brokersOf(topics.get().topic());
    ElasticsearchVisibilityStore visibility = ElasticsearchVisibilityStore.connect(elasticsearch.get());
    closeables.add(0, visibility);
    KafkaProducer<String, byte[]> dlqProducer = new KafkaProducer<>(producerProperties(brokers));
    closeables.add(0, dlqProducer);
    Properties consumer = new Properties();
    consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, join(brokers));
    consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "conduit-visibility-indexer-" + topics.get().topic());
    consumer.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5_000);
    closeables.add(0, new ReplicationTaskConsumer(consumer, topics.get().topic(), topics.get().dlqTopic(), dlqProducer,
        Map.of(KafkaVisibilityPublisher.KIND, new VisibilityRecordApplier(visibility, namespaceId -> namespaces
            .getById(namespaceId).map(found -> found.detail().getCustomSearchAttributesMap()).orElse(Map.of()),
            clock))).start());
    log.info("visibility indexer: {} into Elasticsearch index {}", topics.get().topic(), visibility.index());
  }

  private void startReplication(ClusterConfig config, CqlSession session, NamespaceStore store, LocalHistory history,
      Clock clock, String host, PublishingOwnership ownership) {
    String current = config.clusterMetadata().currentClusterName();
    KafkaConfig kafka = config.kafka()
        .orElseThrow(() -> new IllegalStateException("the replication role needs a kafka section"));
    KafkaConfig.TopicPair own = kafka.replicationTopics(current).orElseThrow(() -> new IllegalStateException(
        "kafka.temporal-cluster-topics has no entry for the current cluster '" + current + "'"));
    Map<String, String> remotes = new LinkedHashMap<>(); // remote cluster -> the topic this cluster publishes to it
    Map<String, String> inbound = new LinkedHashMap<>(); // remote cluster -> the topic this cluster consumes from it
    for (Map.Entry<String, ClusterInformation> cluster : config.clusterMetadata().clusterInformation().entrySet()) {
      String remote = cluster.getKey();
      if (!remote.equals(current) && cluster.getValue().enabled()) {
        inbound.put(remote, kafka.replicationTopic(current, remote).orElseThrow());
        kafka.replicationTopic(remote, current).ifPresentOrElse(topic -> remotes.put(remote, topic),
            () -> log.warn("no kafka.temporal-cluster-topics entry for cluster {}: nothing is sent there", remote));
      }
    }
    if (inbound.isEmpty()) {
      // nobody to replicate with: a single cluster never needs Kafka for namespaces
      log.info("cluster {} has no remote cluster: replication is idle", current);
      return;
    }
    List<String> topics = new ArrayList<>(List.of(own.dlqTopic()));
    topics.addAll(inbound.values());
    topics.addAll(remotes.values());
    List<HostPort> brokers = kafka.brokersOf(own.topic());

    KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(brokers));
    closeables.add(0, producer);
    NamespacePublisher publisher = new NamespacePublisher(store, new CassandraPublishedLevels(session, clock),
        (topic, key, task) -> KafkaSends.acknowledged(producer, topic, key, task.toByteArray()), current, remotes);
    // topics are made by the publisher's first successful pass, so a Kafka down at start delays, not fails, the role
    Runnable ensureTopics = () -> KafkaTopics.ensureTopics(brokers, topics, KafkaTopics.PARTITIONS);
    closeables.add(0, PublisherLoop.namespaces(ensureTopics, () -> {
      if (ownership.ownsNamespaces()) {
        publisher.publishOnce();
      }
    }));
    WorkflowReplicationProgress progress = new CassandraWorkflowReplicationProgress(session);
    // a shard's tasks go to one partition (shard modulo partitions), so they stay in task id order on the standby
    HistoryTaskPublisher workflows = new HistoryTaskPublisher(history,
        (topic, key, task) -> KafkaSends.async(producer, topic, KafkaTopics.partitionOf(task.getSourceShardId(),
            producer.partitionsFor(topic).size()), key, task.toByteArray(), ReplicationTaskConsumer.WORKFLOW),
        current, remotes, MAX_MESSAGE_BYTES, clock, (cluster, shard, taskId, taskTime) -> progress.record(
            new WorkflowReplicationProgress.Level(WorkflowReplicationProgress.Direction.PUBLISHED, cluster, shard, taskId,
                taskTime, clock.instant(), host)), ownership::ownsShard);
    closeables.add(0, PublisherLoop.start("workflow-replication-publisher", WORKFLOW_PUBLISH_INTERVAL_MS,
        ensureTopics, workflows::publishOnce));

    FrontendSourceEvents sourceEvents = new FrontendSourceEvents(
        cluster -> Optional.ofNullable(config.clusterMetadata().clusterInformation().get(cluster))
            .flatMap(ClusterInformation::rpcAddress), SOURCE_READ_TIMEOUT);
    closeables.add(0, sourceEvents);
    AppliedLevels applied = new AppliedLevels(progress, clock, host).start(APPLIED_LEVELS_FLUSH);
    closeables.add(0, applied);
    ReplicationProgressStore namespaceProgress = new CassandraReplicationProgressStore(session);
    TaskApplier namespaces = new NamespaceTaskApplier(store).asTaskApplier(task -> namespaceProgress.recordApplied(
        new ReplicationProgressStore.Applied(task.getSourceCluster(), task.getNamespace().getNotificationVersion(),
            task.getNamespace().getInfo().getName(), clock.instant())));
    Map<String, TaskApplier> appliers = Map.of(ReplicationTaskConsumer.NAMESPACE, namespaces,
        ReplicationTaskConsumer.WORKFLOW, new WorkflowTaskApplier(history, sourceEvents, applied::applied, clock));
    inbound.forEach((source, topic) -> closeables.add(0, new ReplicationTaskConsumer(consumerProperties(brokers, topic),
        topic, own.dlqTopic(), producer, appliers, applied::flush).start()));
    log.info("replication of cluster {}: consumes {}, publishes namespaces and workflows to {}", current,
        inbound.values(), remotes);
  }

  /**
   * The consumer of one source cluster's topic: a consumer group per source topic, shared by this cluster's
   * replication hosts, so each source is consumed, committed and rebalanced on its own.
   */
  static Properties consumerProperties(List<HostPort> brokers, String topic) {
    Properties consumer = new Properties();
    consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, join(brokers));
    consumer.put(ConsumerConfig.GROUP_ID_CONFIG, consumerGroup(topic));
    // the topic may be created after the subscription (by this or a remote publisher): find it soon
    consumer.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5_000);
    return consumer;
  }

  /** The consumer group of this cluster's replication hosts for one source cluster's topic. */
  public static String consumerGroup(String topic) {
    return "conduit-replication-" + topic;
  }

  /** Idempotent, acknowledged by all in-sync replicas: a send that returned is durable and never doubled. */
  static Properties producerProperties(List<HostPort> brokers) {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, join(brokers));
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    properties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return properties;
  }

  private static String join(List<HostPort> brokers) {
    return brokers.stream().map(HostPort::toString).collect(Collectors.joining(","));
  }

  @Override
  public void close() {
    for (AutoCloseable closeable : closeables) {
      try {
        closeable.close();
      } catch (Exception e) {
        log.warn("error while stopping replication", e);
      } 
    }
    closeables.clear();
  }
}
