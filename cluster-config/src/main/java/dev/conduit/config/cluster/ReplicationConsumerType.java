package dev.conduit.config.cluster;

/** How a standby cluster receives replication tasks: from Kafka topics, or by pulling over RPC. */
public enum ReplicationConsumerType {
  KAFKA("kafka"),
  RPC("rpc");

  private final String configName;

  ReplicationConsumerType(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }
}
