package dev.conduit.history.replication;

import dev.conduit.history.workflow.VersionHistories;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import dev.conduit.proto.persistence.v1.VersionHistory;
import dev.conduit.proto.persistence.v1.VersionHistoryItem;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.List;

/**
 * What a standby does with consecutive events of a run that another cluster wrote, decided from this
 * cluster's copy of the run alone: create the run from them, append the ones it lacks, drop them as already
 * had, or report the gap before them. Events on a branch this copy does not continue (their version history
 * disagrees with ours at our last event) are a conflict: {@link ReplicationConflictException}.
 *
 * @param kind what to do
 * @param events the events to apply (for {@link Kind#CREATE} and {@link Kind#APPEND}), else empty
 * @param nextEventId this copy's next event id before the change (1 when there is no copy)
 */
public record ReplicationPlan(Kind kind, List<HistoryEvent> events, long nextEventId) {
  /** The decisions. */
  public enum Kind { CREATE, APPEND, DUPLICATE, GAP }

  public ReplicationPlan {
    events = List.copyOf(events);
  }

  /**
   * @param local this cluster's committed state of the run, null when it has none
   * @param incoming the source's version history of the run after {@code events}
   * @param events consecutive events of the run, ascending ids
   */
  public static ReplicationPlan of(MutableStateRecord local, List<VersionHistoryItem> incoming, List<HistoryEvent> events) {
    checkConsecutive(events);
    if (events.isEmpty()) {
      return new ReplicationPlan(Kind.DUPLICATE, List.of(), local == null ? 1 : local.getNextEventId());
    }
    HistoryEvent first = events.get(0);
    HistoryEvent last = events.get(events.size() - 1);
    if (local == null) {
      return first.getEventId() == 1
          ? new ReplicationPlan(Kind.CREATE, events, 1)
          : new ReplicationPlan(Kind.GAP, List.of(), 1);
    }
    long next = local.getNextEventId();
    VersionHistory ours = VersionHistories.current(local.getVersionHistories());
    if (last.getEventId() < next) {
      if (VersionHistories.contains(ours, last.getEventId(), last.getVersion())) {
        return new ReplicationPlan(Kind.DUPLICATE, List.of(), next);
      }
      throw conflict(local, ours, incoming);
    }
    if (first.getEventId() > next) {
      return new ReplicationPlan(Kind.GAP, List.of(), next);
    }
    // our last event must be on the incoming branch, with the version we wrote it with
    VersionHistory theirs = VersionHistory.newBuilder().addAllItems(incoming).build();
    long ourLastVersion = VersionHistories.lastVersion(ours, 0);
    if (next > 1 && !VersionHistories.contains(theirs, next - 1, ourLastVersion)) {
      throw conflict(local, ours, incoming);
    }
    List<HistoryEvent> missing = events.subList((int) (next - first.getEventId()), events.size());
    return new ReplicationPlan(Kind.APPEND, missing, next);
  }

  private static void checkConsecutive(List<HistoryEvent> events) {
    for (int i = 1; i < events.size(); i++) {
      if (events.get(i).getEventId() != events.get(i - 1).getEventId() + 1) {
        throw new IllegalArgumentException("replicated events are not consecutive: " + events.get(i - 1).getEventId()
            + " then " + events.get(i).getEventId());
      }
    }
  }

  private static ReplicationConflictException conflict(MutableStateRecord local, VersionHistory ours,
      List<VersionHistoryItem> incoming) {
    return new ReplicationConflictException(local.getExecutionInfo().getWorkflowId(),
        local.getExecutionInfo().getRunId(), ours.getItemsList(), incoming);
  }
}
