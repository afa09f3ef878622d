package dev.conduit.replication.workflow;

import com.google.protobuf.ByteString;
import java.util.List;

/**
 * Events of a run read from the cluster that wrote them: what a standby uses when a task's events did not fit
 * in a Kafka message, or when it lacks events before a task's first one (a gap).
 */
public interface SourceEvents {
  /**
   * Events {@code afterEventId + 1 .. lastEventId} of the run's branch that holds event {@code lastEventId} at
   * {@code lastEventVersion}, each an encoded HistoryEvent; fewer if it has fewer. {@code lastEventId} 0 reads the
   * current branch to its end.
   */
  List<ByteString> read(String sourceCluster, String namespaceId, String workflowId, String runId, long afterEventId,
      long lastEventId, long lastEventVersion);
}
