package dev.conduit.deploy;

import dev.conduit.config.ClusterConfig;
import dev.conduit.deploy.local.LocalDependencies;
import dev.conduit.deploy.local.LocalServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code up --clusters active,standby[,other]}: several clusters side by side, each from
 * {@code deploy/config/<name>.yaml} with its own keyspace, services and Consul datacenter, sharing Cassandra, Kafka
 * and Elasticsearch. Each cluster's Consul agent is a datacenter named as the cluster, on the HTTP and DNS
 * addresses of its config's {@code consul} section, its server, Serf and gRPC ports at the HTTP port minus 200 and
 * the four after it; the agents join each other over the WAN, so {@code conduit-frontend.service.standby.consul}
 * resolves from every datacenter as it would across data centers.
 */
final class MultiClusterUp {
  /** An agent's server port below its HTTP port (8510 -> 8310, Serf WAN 8312), keeping Consul's port layout. */
  static final int SERVER_PORT_BELOW_HTTP = 200;

  private MultiClusterUp() {}

  static int up(String clusterList) {
    List<String> names = List.of(clusterList.split(","));
    if (names.isEmpty() || names.stream().anyMatch(String::isBlank) || names.stream().distinct().count() != names.size()) {
      throw new IllegalArgumentException("--clusters takes distinct cluster names separated by commas, e.g. active,standby");
    }
    Map<String, ClusterConfig> configs = new LinkedHashMap<>();
    for (String name : names) {
      ClusterConfig config = dev.conduit.config.ConfigLoader.fromSystemEnvironment().load(CommandLine.clusterConfigPath(name));
      if (!config.clusterMetadata().currentClusterName().equals(name)) {
        throw new IllegalArgumentException(CommandLine.clusterConfigPath(name) + " is the config of cluster "
            + config.clusterMetadata().currentClusterName() + ", not " + name);
      }
      configs.put(name, config);
    }
    LocalDependencies dependencies = LocalDependencies.fromEnvironment();
    dependencies.start(List.of(LocalDependencies.CASSANDRA, LocalDependencies.KAFKA, LocalDependencies.ELASTICSEARCH),
        LocalDependencies.DEFAULT_START_TIMEOUT).forEach(System.out::println);

    StartedClusters started = StartedClusters.fromEnvironment();
    List<LocalServer> agents = new ArrayList<>();
    for (String name : names) {
      List<String> joinWan = names.stream().filter(other -> !other.equals(name))
          .map(other -> "127.0.0.1:" + LocalDependencies.wanPortOf(serverPort(configs.get(other)))).toList();
      LocalServer agent = consulAgentOf(name, configs.get(name), joinWan);
      started.record(new StartedClusters.Entry(name, CommandLine.clusterConfigPath(name), agent.name()));
      agents.add(agent);
    }
    agents.forEach(agent -> System.out.println(agent.start(LocalDependencies.DEFAULT_START_TIMEOUT)));
    for (String name : names) {
      UpCommand.startCluster(configs.get(name), CommandLine.clusterConfigPath(name));
    }
    System.out.println("clusters " + names + " are up; 'conduit admin --cluster NAME clusters list' shows what each knows");
    return 0;
  }

  /** The Consul agent of {@code cluster} as its config's {@code consul} section places it. */
  static LocalServer consulAgentOf(String cluster, ClusterConfig config, List<String> joinWan) {
    if (!cluster.equals(config.consul().datacenter())) {
      throw new IllegalArgumentException("cluster " + cluster + " must be its own Consul datacenter: its config says consul.datacenter "
          + config.consul().datacenter());
    }
    return LocalDependencies.datacenterAgent(cluster, config.consul().address().port(), config.consul().dnsAddress().port(),
        serverPort(config), joinWan);
  }

  private static int serverPort(ClusterConfig config) {
    return config.consul().address().port() - SERVER_PORT_BELOW_HTTP;
  }

}
