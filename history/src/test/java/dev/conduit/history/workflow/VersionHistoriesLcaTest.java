package dev.conduit.history.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.conduit.proto.persistence.v1.VersionHistory;
import dev.conduit.proto.persistence.v1.VersionHistoryItem;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The lowest-common-ancestor operations in the cases conflict resolution meets. */
class VersionHistoriesLcaTest {

  private static VersionHistoryItem item(long eventId, long version) {
    return VersionHistoryItem.newBuilder().setEventId(eventId).setVersion(version).build();
  }

  /** A history from (last event id, version) pairs. */
  private static VersionHistory history(long... pairs) {
    VersionHistory.Builder history = VersionHistory.newBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      history.addItems(item(pairs[i], pairs[i + 1]));
    }
    return history.build();
  }

  @Test
  void identicalHistoriesMeetAtTheirLastEvent() {
    VersionHistory a = history(3, 1, 7, 2);
    assertThat(VersionHistories.lowestCommonAncestor(a, a)).contains(item(7, 2));
    assertThat(VersionHistories.isLcaAppendable(a, item(7, 2))).isTrue();
  }

  @Test
  void aPrefixMeetsTheLongerHistoryAtItsOwnEnd() {
    VersionHistory shorter = history(3, 1, 5, 2);
    VersionHistory longer = history(3, 1, 9, 2, 12, 4);
    assertThat(VersionHistories.lowestCommonAncestor(shorter, longer)).contains(item(5, 2));
    assertThat(VersionHistories.lowestCommonAncestor(longer, shorter)).contains(item(5, 2));
    assertThat(VersionHistories.isLcaAppendable(shorter, item(5, 2))).as("the prefix can take the rest").isTrue();
    assertThat(VersionHistories.isLcaAppendable(longer, item(5, 2))).isFalse();
  }

  @Test
  void divergingInsideASegmentMeetsAtTheLowerEndOfTheSharedVersion() {
    // both wrote events 1..4 with version 1; then cluster A went on with version 2, cluster B with version 3
    VersionHistory a = history(4, 1, 8, 2);
    VersionHistory b = history(4, 1, 6, 3);
    assertThat(VersionHistories.lowestCommonAncestor(a, b)).contains(item(4, 1));
    // one wrote further with version 1 before the other failed over: they share 1..5 only
    VersionHistory c = history(5, 1, 9, 3);
    VersionHistory d = history(7, 1, 8, 2);
    assertThat(VersionHistories.lowestCommonAncestor(c, d)).contains(item(5, 1));
  }

  @Test
  void divergingAtAVersionBoundaryMeetsAtTheLastSharedVersion() {
    VersionHistory a = history(3, 1, 6, 2, 9, 5);
    VersionHistory b = history(3, 1, 6, 2, 7, 4);
    assertThat(VersionHistories.lowestCommonAncestor(a, b)).contains(item(6, 2));
    assertThat(VersionHistories.lowestCommonAncestor(b, a)).contains(item(6, 2));
  }

  @Test
  void historiesWithoutACommonVersionHaveNoAncestor() {
    assertThat(VersionHistories.lowestCommonAncestor(history(3, 1), history(3, 2))).isEmpty();
    assertThat(VersionHistories.lowestCommonAncestor(history(3, 1), VersionHistory.getDefaultInstance())).isEmpty();
  }

  @Test
  void findLcaPicksTheHistorySharingTheMostEvents() {
    dev.conduit.proto.persistence.v1.VersionHistories.Builder ours =
        dev.conduit.proto.persistence.v1.VersionHistories.newBuilder()
            .addHistories(history(4, 1, 8, 2))
            .addHistories(history(4, 1, 6, 3));
    VersionHistory incoming = history(4, 1, 7, 3, 9, 6);
    assertThat(VersionHistories.findLca(ours.build(), incoming))
        .contains(new VersionHistories.LcaMatch(1, item(6, 3)));
    assertThat(VersionHistories.findLca(ours.build(), history(2, 9))).isEmpty();
  }

  @Test
  void containsFindsTheVersionOfAnEvent() {
    VersionHistory h = history(3, 1, 6, 2);
    assertThat(VersionHistories.contains(h, 1, 1)).isTrue();
    assertThat(VersionHistories.contains(h, 3, 1)).isTrue();
    assertThat(VersionHistories.contains(h, 4, 2)).isTrue();
    assertThat(VersionHistories.contains(h, 4, 1)).isFalse();
    assertThat(VersionHistories.contains(h, 7, 2)).isFalse();
  }

  @Test
  void copyUntilCutsTheSegmentHoldingTheEventAndDropsTheBranch() {
    VersionHistory h = history(3, 1, 6, 2, 9, 4).toBuilder().setBranchToken(ByteString.copyFromUtf8("b")).build();
    assertThat(VersionHistories.copyUntil(h, 5)).isEqualTo(history(3, 1, 5, 2));
    assertThat(VersionHistories.copyUntil(h, 3)).isEqualTo(history(3, 1));
    assertThatThrownBy(() -> VersionHistories.copyUntil(h, 10)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void addKeepsTheCurrentHistory() {
    dev.conduit.proto.persistence.v1.VersionHistories.Builder histories =
        VersionHistories.newRun(new byte[] {1}).toBuilder();
    int index = VersionHistories.add(histories, history(3, 1));
    assertThat(index).isEqualTo(1);
    assertThat(VersionHistories.current(histories.build()).getBranchToken().toByteArray()).containsExactly(1);
    assertThat(Optional.of(histories.getHistories(1))).contains(history(3, 1));
  }
}
