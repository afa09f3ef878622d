package dev.conduit.history.replication;

import dev.conduit.history.errors.HistoryServiceException;
import dev.conduit.proto.persistence.v1.VersionHistoryItem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Replicated events continue a branch other than this cluster's current one (both clusters wrote after a
 * forced failover). Resolving it (fork at the lowest common ancestor, the higher version wins) is not built
 * yet: the task is refused and, after the consumer's retries, parked in the DLQ.
 */
public final class ReplicationConflictException extends HistoryServiceException {
  private static final long serialVersionUID = 1L;

  public ReplicationConflictException(String workflowId, String runId, List<VersionHistoryItem> ours,
      List<VersionHistoryItem> incoming) {
    super("replicated events of workflow " + workflowId + " run " + runId + " do not continue this cluster's history: ours "
        + render(ours) + ", incoming " + render(incoming), false);
  }

  private static String render(List<VersionHistoryItem> items) {
    return items.stream().map(i -> i.getEventId() + "@" + i.getVersion()).collect(Collectors.joining(",", "[", "]"));
  }
}
