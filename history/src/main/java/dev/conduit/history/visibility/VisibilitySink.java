package dev.conduit.history.visibility;

import dev.conduit.proto.visibility.v1.VisibilityRecord;

/**
 * Where history's visibility tasks send a run's record: the cluster's visibility topic, which the indexer
 * reads into Elasticsearch. {@link #publish} returns once the record is durable there and throws otherwise,
 * so the task is retried and no record is lost.
 */
public interface VisibilitySink {
  /** A sink that keeps nothing, for a history without a visibility store (in-process tests). */
  VisibilitySink NONE = record -> { };

  void publish(VisibilityRecord record);
}
