package dev.conduit.persistence.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.proto.persistence.v1.HistoryBranchRange;
import dev.conduit.proto.persistence.v1.HistoryBranchToken;
import org.junit.jupiter.api.Test;

class HistoryBranchTokensTest {

  private static HistoryBranchRange range(String branch, long begin, long end) {
    return HistoryBranchRange.newBuilder().setBranchId(branch).setBeginNodeId(begin).setEndNodeId(end).build();
  }

  @Test
  void aForkOfARootSharesTheRootBelowTheForkPoint() {
    HistoryBranchToken root = HistoryBranchTokens.decode(HistoryBranchTokens.newRoot("tree"));
    HistoryBranchToken fork = HistoryBranchTokens.fork(root, 6);
    assertThat(fork.getTreeId()).isEqualTo("tree");
    assertThat(fork.getBranchId()).isNotEqualTo(root.getBranchId());
    assertThat(fork.getAncestorsList()).containsExactly(range(root.getBranchId(), 1, 6));
    assertThat(HistoryBranchTokens.beginNodeId(fork)).isEqualTo(6);
    assertThat(HistoryBranchTokens.beginNodeId(root)).isEqualTo(1);
  }

  @Test
  void aForkBelowTheBaseBeginCutsTheBaseAncestors() {
    HistoryBranchToken base = HistoryBranchToken.newBuilder().setTreeId("t").setBranchId("c")
        .addAncestors(range("a", 1, 4)).addAncestors(range("b", 4, 9)).build();
    assertThat(HistoryBranchTokens.fork(base, 3).getAncestorsList()).containsExactly(range("a", 1, 3));
    assertThat(HistoryBranchTokens.fork(base, 4).getAncestorsList()).containsExactly(range("a", 1, 4));
    assertThat(HistoryBranchTokens.fork(base, 7).getAncestorsList()).containsExactly(range("a", 1, 4), range("b", 4, 7));
    assertThat(HistoryBranchTokens.fork(base, 9).getAncestorsList()).containsExactly(range("a", 1, 4), range("b", 4, 9));
    assertThat(HistoryBranchTokens.fork(base, 12).getAncestorsList())
        .containsExactly(range("a", 1, 4), range("b", 4, 9), range("c", 9, 12));
  }

  @Test
  void badTokensAndForkPointsAreCallerErrors() {
    assertThatThrownBy(() -> HistoryBranchTokens.decode(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HistoryBranchTokens.decode(new byte[] {(byte) 0xff, 1})).isInstanceOf(IllegalArgumentException.class);
    HistoryBranchToken root = HistoryBranchTokens.decode(HistoryBranchTokens.newRoot("tree"));
    assertThatThrownBy(() -> HistoryBranchTokens.fork(root, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
