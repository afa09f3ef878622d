package dev.conduit.replication.workflow;

import com.google.protobuf.ByteString;
import java.util.List;

/**
 * Events of a run read from the cluster that wrote them: what a standby uses when a task's events did not fit
 * in a Kafka message, or when it lacks events before a task's first one (a gap).
 */
public interface SourceEvents {
  /** Events {@code fromEventId .. nextEventId - 1} of the run, each an encoded HistoryEvent; fewer if it has fewer. */
  List<ByteString> read(String sourceCluster, String namespaceId, String workflowId, String runId, long fromEventId,
      long nextEventId);
}
