package dev.conduit.history.replication;

import dev.conduit.history.errors.HistoryServiceException;
import dev.conduit.proto.persistence.v1.VersionHistoryItem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Replicated events on a branch that cannot be resolved against this cluster's copy by version: it shares no
 * event with ours, or both end at the same version (two clusters wrote with one version, which failover versions
 * rule out). The task is refused and, after the consumer's retries, parked in the DLQ.
 */
public final class ReplicationConflictException extends HistoryServiceException {
  private static final long serialVersionUID = 1L;

  public ReplicationConflictException(String workflowId, String runId, List<VersionHistoryItem> ours,
      List<VersionHistoryItem> incoming) {
    super("replicated events of workflow " + workflowId + " run " + runId + " cannot be reconciled with this cluster's history: ours "
        + render(ours) + ", incoming " + render(incoming), false);
  }

  private static String render(List<VersionHistoryItem> items) {
    return items.stream().map(i -> i.getEventId() + "@" + i.getVersion()).collect(Collectors.joining(",", "[", "]"));
  }
}
