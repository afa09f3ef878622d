package dev.conduit.history.replication;

import dev.conduit.history.workflow.VersionHistories;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import dev.conduit.proto.persistence.v1.VersionHistory;
import dev.conduit.proto.persistence.v1.VersionHistoryItem;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.List;
import java.util.Optional;

/**
 * What a cluster does with consecutive events of a run that another cluster wrote, decided from this
 * cluster's copy of the run alone: create the run from them, append the ones it lacks, drop them as already
 * had, or report the gap before them (the first event it lacks). Events on a branch that does not continue this
 * copy's (the clusters both wrote after their lowest common ancestor, a split brain) are resolved by version, as
 * Temporal does: when the incoming branch's last version is higher it wins, and this copy forks at the LCA and
 * applies the incoming events there ({@link Kind#FORK}); when it is lower this copy's branch wins and the incoming
 * events after the LCA are discarded ({@link Kind#STALE}; their signals are reapplied where the namespace is
 * active). Two branches that share no event, or end at the same version, are a
 * {@link ReplicationConflictException}.
 *
 * @param kind what to do
 * @param events the events to apply ({@link Kind#CREATE}, {@link Kind#APPEND}, {@link Kind#FORK}) or the discarded
 *     ones after the LCA ({@link Kind#STALE}), else empty
 * @param nextEventId for a gap, the first event this copy lacks; otherwise its next event id before the change
 *     (1 when there is no copy)
 * @param lcaEventId for {@link Kind#FORK} and {@link Kind#STALE}, the last event both branches share; else 0
 */
public record ReplicationPlan(Kind kind, List<HistoryEvent> events, long nextEventId, long lcaEventId) {
  /** The decisions. */
  public enum Kind { CREATE, APPEND, DUPLICATE, GAP, FORK, STALE }

  public ReplicationPlan(Kind kind, List<HistoryEvent> events, long nextEventId) {
    this(kind, events, nextEventId, 0);
  }

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
    VersionHistory theirs = VersionHistory.newBuilder().addAllItems(incoming).build();
    if (last.getEventId() < next) {
      if (VersionHistories.contains(ours, last.getEventId(), last.getVersion())) {
        return new ReplicationPlan(Kind.DUPLICATE, List.of(), next);
      }
      return diverged(local, ours, theirs, events);
    }
    if (first.getEventId() > next) {
      return new ReplicationPlan(Kind.GAP, List.of(), next);
    }
    // our last event must be on the incoming branch, with the version we wrote it with
    long ourLastVersion = VersionHistories.lastVersion(ours, 0);
    if (next > 1 && !VersionHistories.contains(theirs, next - 1, ourLastVersion)) {
      return diverged(local, ours, theirs, events);
    }
    List<HistoryEvent> missing = events.subList((int) (next - first.getEventId()), events.size());
    return new ReplicationPlan(Kind.APPEND, missing, next);
  }

  /** Our branch and the incoming one part after their lowest common ancestor: the higher last version wins. */
  private static ReplicationPlan diverged(MutableStateRecord local, VersionHistory ours, VersionHistory theirs,
      List<HistoryEvent> events) {
    Optional<VersionHistoryItem> lca = VersionHistories.lowestCommonAncestor(ours, theirs);
    long ourLast = VersionHistories.lastVersion(ours, 0);
    long theirLast = VersionHistories.lastVersion(theirs, 0);
    if (lca.isEmpty() || ourLast == theirLast) {
      throw conflict(local, ours, theirs.getItemsList());
    }
    long lcaEventId = lca.get().getEventId();
    List<HistoryEvent> afterLca = events.stream().filter(e -> e.getEventId() > lcaEventId).toList();
    if (theirLast < ourLast) {
      return new ReplicationPlan(Kind.STALE, afterLca, local.getNextEventId(), lcaEventId);
    }
    if (events.get(0).getEventId() > lcaEventId + 1) {
      // the winning branch's events right after the LCA are needed first
      return new ReplicationPlan(Kind.GAP, List.of(), lcaEventId + 1, lcaEventId);
    }
    return new ReplicationPlan(Kind.FORK, afterLca, local.getNextEventId(), lcaEventId);
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
