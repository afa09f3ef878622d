package dev.conduit.replication.namespace;

/** Per remote cluster, the namespace notification version up to which changes were sent (and acknowledged). */
public interface PublishedLevels {

  /** -1 if nothing was published to {@code remote} yet. */
  long get(String remote);

  void advance(String remote, long level);
}
