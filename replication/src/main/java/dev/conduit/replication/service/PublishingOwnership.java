package dev.conduit.replication.service;

/**
 * What this replication host publishes when the role runs on several hosts: the source shards the replication ring
 * (Consul membership of the role) names it owner of, keyed {@link #shardKey}, and the namespace outbox if the ring
 * names it owner of {@link #NAMESPACES_KEY}. While two hosts disagree for a moment (one saw a membership change
 * first), both may publish a task: the receiving cluster drops what it has, so an overlap costs sends, never state.
 */
public interface PublishingOwnership {
  /** The ring key of the namespace outbox: one host publishes namespace changes. */
  String NAMESPACES_KEY = "namespaces";

  /** Everything: a cluster with one replication host. */
  PublishingOwnership ALL = new PublishingOwnership() {
    @Override
    public boolean ownsShard(int shard) {
      return true;
    }

    @Override
    public boolean ownsNamespaces() {
      return true;
    }
  };

  boolean ownsShard(int shard);

  boolean ownsNamespaces();

  /** The ring key of a source shard (the history ring uses the same keys on its own ring). */
  static String shardKey(int shard) {
    return Integer.toString(shard);
  }
}
