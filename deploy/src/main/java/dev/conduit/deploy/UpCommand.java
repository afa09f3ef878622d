package dev.conduit.deploy;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.conduit.config.ClusterConfig;
import dev.conduit.config.cluster.ClusterMetadataConfig;
import dev.conduit.deploy.local.LocalDependencies;
import dev.conduit.deploy.local.ServerStatus;
import dev.conduit.deploy.local.ServiceProcess;
import dev.conduit.persistence.cassandra.CassandraSettings;
import dev.conduit.persistence.cassandra.CqlSessions;
import dev.conduit.persistence.cassandra.schema.SchemaCatalog;
import dev.conduit.persistence.cassandra.schema.SchemaTool;
import dev.conduit.persistence.cluster.ClusterMetadataStore;
import dev.conduit.proto.persistence.v1.ClusterMetadataRecord;
import dev.conduit.replication.kafka.KafkaTopics;
import java.time.Duration;
import java.util.List;

/**
 * {@code up [--config FILE]}: everything a local cluster needs, in order — the real dependencies, the
 * cluster's keyspace at the latest schema, the cluster's record of itself, its Kafka topics and services. Each
 * step is idempotent, so {@code up} on a running cluster only checks it (and warms it again). {@code --warmup
 * SECONDS} bounds the {@link Warmup} (0 skips it). {@code up --clusters a,b} is {@link MultiClusterUp}.
 */
final class UpCommand {
  private UpCommand() {}

  static int run(CommandLine line) {
    if (line.option("clusters").isPresent()) {
      if (line.option("config").isPresent()) {
        throw new IllegalArgumentException("--clusters takes each cluster's config from deploy/config/<name>.yaml; drop --config");
      }
      if (line.option("hosts").isPresent()) {
        throw new IllegalArgumentException("--hosts applies to the single cluster of up; drop --clusters or --hosts");
      }
      return MultiClusterUp.up(line.option("clusters").orElseThrow());
    }
    ClusterConfig config = line.config();
    HostCounts hosts = HostCounts.parse(line.option("hosts").orElse(""));
    LocalDependencies dependencies = LocalDependencies.fromEnvironment();
    List<ServerStatus> statuses = dependencies.start(dependencies.names(), LocalDependencies.DEFAULT_START_TIMEOUT);
    statuses.forEach(System.out::println);
    StartedClusters started = StartedClusters.fromEnvironment();
    String cluster = config.clusterMetadata().currentClusterName();
    // a later up with fewer hosts keeps the extra ones running: remember the most, so down stops them all
    HostCounts recorded = started.read().stream().filter(entry -> entry.cluster().equals(cluster)).findFirst()
        .map(entry -> HostCounts.parse(entry.hosts())).orElse(HostCounts.one());
    started.record(new StartedClusters.Entry(cluster, line.configPath(), "", recorded.atLeast(hosts).text()));
    Duration warmup = line.option("warmup").map(seconds -> Duration.ofSeconds(Long.parseLong(seconds)))
        .orElse(Warmup.DEFAULT_BUDGET);
    startCluster(config, line.configPath(), hosts, warmup);
    return 0;
  }

  /**
   * The steps of one cluster once the dependencies it uses run: keyspace, its record, topics, services, default
   * namespace, warm-up.
   */
  static void startCluster(ClusterConfig config, java.nio.file.Path configPath) {
    startCluster(config, configPath, HostCounts.one(), Warmup.DEFAULT_BUDGET);
  }

  static void startCluster(ClusterConfig config, java.nio.file.Path configPath, HostCounts hosts, Duration warmup) {
    String cluster = config.clusterMetadata().currentClusterName();
    CassandraSettings settings = CassandraSettings.from(config.persistence().defaultDataStore());
    try (CqlSession admin = CqlSessions.openWithoutKeyspace(settings)) {
      int version = new SchemaTool(admin, settings.keyspace(), SchemaCatalog.clusterKeyspace())
          .setup(settings.localDatacenter(), settings.replicationFactor());
      System.out.println(cluster + ": keyspace " + settings.keyspace() + " is at schema version " + version);
    }
    try (CqlSession session = CqlSessions.open(settings)) {
      ClusterMetadataRecord stored = recordCluster(new ClusterMetadataStore(session), config);
      System.out.println("cluster " + stored.getClusterName() + ": " + stored.getHistoryShardCount() + " history shards");
    }
    config.kafka().ifPresent(kafka -> {
      List<String> created = KafkaTopics.ensure(kafka, KafkaTopics.PARTITIONS);
      System.out.println(cluster + ": kafka topics " + kafka.topics().keySet() + (created.isEmpty() ? " (all existed)" : ", created " + created));
    });
    SchemaCommand.visibilityIndex(config).ifPresent(done -> System.out.println(cluster + ": " + done));
    for (ServiceProcess service : LocalServices.of(config, configPath, hosts)) {
      System.out.println(service.start(LocalDependencies.DEFAULT_START_TIMEOUT));
    }
    String frontend = ClusterConfigs.frontendOf(config);
    System.out.println(DefaultNamespace.ensure(frontend, cluster));
    System.out.println(cluster + ": " + Warmup.run(frontend, warmup));
    System.out.println("cluster " + cluster + " serves Temporal SDK clients on " + frontend);
  }

  /**
   * {@code down}: the services of every cluster {@code up} started, newest first, then the Consul agents of clusters
   * that have their own. The shared Cassandra, Kafka, Elasticsearch and Consul keep running ({@code deps stop} stops
   * them). Without a record of what {@code up} started, stops the services of the default (or {@code --config}) cluster.
   */
  static int down(CommandLine line) {
    StartedClusters started = StartedClusters.fromEnvironment();
    List<StartedClusters.Entry> entries = new java.util.ArrayList<>(started.read());
    if (entries.isEmpty()) {
      ClusterConfig config = line.config();
      entries.add(new StartedClusters.Entry(config.clusterMetadata().currentClusterName(), line.configPath(), ""));
    }
    java.util.Collections.reverse(entries);
    for (StartedClusters.Entry entry : entries) {
      ClusterConfig config = dev.conduit.config.ConfigLoader.fromSystemEnvironment().load(entry.config());
      List<ServiceProcess> services = LocalServices.of(config, entry.config(), HostCounts.parse(entry.hosts()));
      java.util.Collections.reverse(services);
      services.forEach(service -> System.out.println(service.stop()));
    }
    for (StartedClusters.Entry entry : entries) {
      if (!entry.consulAgent().isEmpty()) {
        System.out.println(MultiClusterUp.consulAgentOf(entry.cluster(),
            dev.conduit.config.ConfigLoader.fromSystemEnvironment().load(entry.config()), List.of()).stop());
      }
    }
    started.clear();
    System.out.println("the shared Cassandra, Kafka, Elasticsearch and Consul keep running; 'conduit deps stop' stops them");
    return 0;
  }

  /**
   * Writes the cluster's record on first set-up; afterwards refuses a config whose shard count or
   * failover versions differ from what the keyspace was set up with, since changing them would move
   * every workflow to another shard or break failover-version ownership.
   */
  static ClusterMetadataRecord recordCluster(ClusterMetadataStore store, ClusterConfig config) {
    ClusterMetadataConfig metadata = config.clusterMetadata();
    String cluster = metadata.currentClusterName();
    ClusterMetadataRecord wanted =
        ClusterMetadataRecord.newBuilder()
            .setClusterName(cluster)
            .setHistoryShardCount(config.persistence().numHistoryShards())
            .setFailoverVersionIncrement(metadata.failoverVersionIncrement())
            .setInitialFailoverVersion(metadata.failoverVersions().initialVersion(cluster))
            .setGlobalNamespaceEnabled(metadata.enableGlobalNamespace())
            .setCreatedTime(com.google.protobuf.Timestamp.newBuilder().setSeconds(System.currentTimeMillis() / 1000))
            .build();
    ClusterMetadataRecord stored = store.initialize(wanted).stored();
    if (stored.getHistoryShardCount() != wanted.getHistoryShardCount()
        || stored.getFailoverVersionIncrement() != wanted.getFailoverVersionIncrement()
        || stored.getInitialFailoverVersion() != wanted.getInitialFailoverVersion()) {
      throw new IllegalStateException(
          "cluster " + cluster + " was set up with " + stored.getHistoryShardCount() + " history shards, failover version increment "
              + stored.getFailoverVersionIncrement() + " and initial version " + stored.getInitialFailoverVersion()
              + "; the config says " + wanted.getHistoryShardCount() + ", " + wanted.getFailoverVersionIncrement() + " and "
              + wanted.getInitialFailoverVersion() + ". These cannot change once a cluster has data.");
    }
    return stored;
  }
}
