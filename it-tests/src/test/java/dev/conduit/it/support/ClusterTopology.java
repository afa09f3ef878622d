package dev.conduit.it.support;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The clusters a test cluster's config names, as the shipped multi-cluster configs do: every cluster with its
 * frontend address and initial failover version (1, 2, 3 ... in order, under the config's increment 10), the
 * first one the master, and a Kafka topic plus DLQ topic per cluster ({@code topicPrefix + name}, so that
 * groups of different tests never read each other's messages).
 */
record ClusterTopology(String current, Map<String, Integer> frontendPorts, String topicPrefix) {

  /** Clusters {@code names} on free frontend ports, seen from the first. */
  static ClusterTopology of(List<String> names, String topicPrefix) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    names.forEach(name -> ports.put(name, TestCluster.freePort()));
    return new ClusterTopology(names.get(0), Collections.unmodifiableMap(ports), topicPrefix);
  }

  /** The same clusters seen from {@code name}. */
  ClusterTopology as(String name) {
    if (!frontendPorts.containsKey(name)) {
      throw new IllegalArgumentException("no cluster " + name + " in " + frontendPorts.keySet());
    }
    return new ClusterTopology(name, frontendPorts, topicPrefix);
  }

  String master() {
    return frontendPorts.keySet().iterator().next();
  }

  int frontendPort(String name) {
    return frontendPorts.get(name);
  }

  String topic(String name) {
    return topicPrefix + name;
  }

  /** {@code developmentYaml} with this topology's clusterMetadata and Kafka cluster topics. */
  String applyTo(String developmentYaml) {
    String yaml = replaceOnce(developmentYaml, "masterClusterName: \"active\"", "masterClusterName: \"" + master() + "\"");
    yaml = replaceOnce(yaml, "currentClusterName: \"active\"", "currentClusterName: \"" + current + "\"");
    int from = yaml.indexOf("  clusterInformation:\n");
    int to = yaml.indexOf("\ndcRedirectionPolicy:");
    if (from < 0 || to < from) {
      throw new IllegalStateException("the development config no longer has clusterInformation before dcRedirectionPolicy");
    }
    StringBuilder clusters = new StringBuilder("  clusterInformation:\n");
    StringBuilder topics = new StringBuilder();
    StringBuilder clusterTopics = new StringBuilder();
    int initialVersion = 1;
    for (Map.Entry<String, Integer> cluster : frontendPorts.entrySet()) {
      String name = cluster.getKey();
      clusters.append("    ").append(name).append(":\n")
          .append("      enabled: true\n")
          .append("      initialFailoverVersion: ").append(initialVersion++).append('\n')
          .append("      rpcName: \"frontend\"\n")
          .append("      rpcAddress: \"127.0.0.1:").append(cluster.getValue()).append("\"\n");
      topics.append("    ").append(topic(name)).append(":\n      cluster: local\n")
          .append("    ").append(topic(name)).append("-dlq:\n      cluster: local\n");
      clusterTopics.append("    ").append(name).append(":\n      topic: ").append(topic(name))
          .append("\n      dlq-topic: ").append(topic(name)).append("-dlq\n");
    }
    yaml = yaml.substring(0, from) + clusters + yaml.substring(to);
    yaml = replaceOnce(yaml, "    active:\n      cluster: local\n    active-dlq:\n      cluster: local\n", topics.toString());
    return replaceOnce(yaml, "    active:\n      topic: active\n      dlq-topic: active-dlq\n", clusterTopics.toString());
  }

  private static String replaceOnce(String text, String anchor, String replacement) {
    int at = text.indexOf(anchor);
    if (at < 0 || text.indexOf(anchor, at + 1) >= 0) {
      throw new IllegalStateException("the development config no longer has exactly one '" + anchor.strip() + "'");
    }
    return text.substring(0, at) + replacement + text.substring(at + anchor.length());
  }
}
