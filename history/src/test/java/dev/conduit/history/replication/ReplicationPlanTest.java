package dev.conduit.history.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.proto.persistence.v1.ExecutionInfo;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import dev.conduit.proto.persistence.v1.VersionHistories;
import dev.conduit.proto.persistence.v1.VersionHistory;
import dev.conduit.proto.persistence.v1.VersionHistoryItem;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The standby's decision for replicated events, from its copy's version history alone: duplicates, gaps,
 * appends, and the split-brain cases resolved by version (fork to the higher, discard the lower).
 */
class ReplicationPlanTest {
  /** Our copy: events 1..8 at version 1, then 9..10 at version 11 (written here after a failover). */
  private final MutableStateRecord ours = copy(11, item(8, 1), item(10, 11));

  @Test
  void eventsWeHaveAreADuplicateAndEventsPastOursAGap() {
    assertThat(ReplicationPlan.of(ours, List.of(item(8, 1), item(10, 11)), events(9, 10, 11)).kind())
        .isEqualTo(ReplicationPlan.Kind.DUPLICATE);
    ReplicationPlan gap = ReplicationPlan.of(ours, List.of(item(8, 1), item(13, 11)), events(12, 13, 11));
    assertThat(gap.kind()).isEqualTo(ReplicationPlan.Kind.GAP);
    assertThat(gap.nextEventId()).isEqualTo(11);
  }

  @Test
  void eventsThatContinueOurBranchAreAppendedFromOurNextEvent() {
    ReplicationPlan plan = ReplicationPlan.of(ours, List.of(item(8, 1), item(12, 11)), events(10, 12, 11));
    assertThat(plan.kind()).isEqualTo(ReplicationPlan.Kind.APPEND);
    assertThat(plan.events()).extracting(HistoryEvent::getEventId).containsExactly(11L, 12L);
  }

  @Test
  void aBranchWithAHigherVersionWinsAndWeForkAtTheCommonAncestor() {
    // the other cluster wrote 9..11 at version 21 after event 8
    ReplicationPlan plan = ReplicationPlan.of(ours, List.of(item(8, 1), item(11, 21)), events(9, 11, 21));
    assertThat(plan.kind()).isEqualTo(ReplicationPlan.Kind.FORK);
    assertThat(plan.lcaEventId()).isEqualTo(8);
    assertThat(plan.events()).extracting(HistoryEvent::getEventId).containsExactly(9L, 10L, 11L);
  }

  @Test
  void aWinningBranchWhoseFirstEventsAfterTheAncestorAreMissingIsAGapAtTheAncestor() {
    ReplicationPlan plan = ReplicationPlan.of(ours, List.of(item(8, 1), item(12, 21)), events(11, 12, 21));
    assertThat(plan.kind()).isEqualTo(ReplicationPlan.Kind.GAP);
    assertThat(plan.nextEventId()).isEqualTo(9);
  }

  @Test
  void aBranchWithALowerVersionLosesAndItsEventsAfterTheAncestorAreDiscarded() {
    // the first cluster went on at version 1 after event 8, not knowing of the failover
    ReplicationPlan plan = ReplicationPlan.of(ours, List.of(item(12, 1)), events(9, 12, 1));
    assertThat(plan.kind()).isEqualTo(ReplicationPlan.Kind.STALE);
    assertThat(plan.lcaEventId()).isEqualTo(8);
    assertThat(plan.events()).extracting(HistoryEvent::getEventId).containsExactly(9L, 10L, 11L, 12L);
  }

  @Test
  void branchesThatShareNothingOrEndAtTheSameVersionCannotBeReconciled() {
    assertThatThrownBy(() -> ReplicationPlan.of(ours, List.of(item(11, 7)), events(11, 11, 7)))
        .isInstanceOf(ReplicationConflictException.class);
    // they say event 10 was written at version 1, we at 11, and both end at 11
    assertThatThrownBy(() -> ReplicationPlan.of(ours, List.of(item(10, 1), item(12, 11)), events(11, 12, 11)))
        .isInstanceOf(ReplicationConflictException.class);
  }

  private static MutableStateRecord copy(long nextEventId, VersionHistoryItem... items) {
    return MutableStateRecord.newBuilder()
        .setExecutionInfo(ExecutionInfo.newBuilder().setWorkflowId("wf").setRunId("run"))
        .setNextEventId(nextEventId)
        .setVersionHistories(VersionHistories.newBuilder().addHistories(VersionHistory.newBuilder().addAllItems(List.of(items))))
        .build();
  }

  private static VersionHistoryItem item(long eventId, long version) {
    return VersionHistoryItem.newBuilder().setEventId(eventId).setVersion(version).build();
  }

  private static List<HistoryEvent> events(long first, long last, long version) {
    List<HistoryEvent> events = new ArrayList<>();
    for (long id = first; id <= last; id++) {
      events.add(HistoryEvent.newBuilder().setEventId(id).setVersion(version).build());
    }
    return events;
  }
}
